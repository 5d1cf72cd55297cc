"""The form of the Regio-tool: types and formats only; the rules are in regions.services_regiotool."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Province
from portfolio.models import Project
from regiekamer.forms import LinesField
from stakeholders.models import Organisation

from .forms import organisations_named
from .models import RegionalCluster, RegionalOpportunity

TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 80})


class OpportunityForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"size": 60}))
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.order_by("name"))
    regional_theme = forms.CharField(
        label=_("Regional theme"),
        max_length=200,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("The region's own theme this group is promising for (§5.6)."),
    )
    target_group = forms.ChoiceField(
        label=_("Target group"), choices=RegionalOpportunity.TargetGroup.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(label=_("Why it is promising"), widget=TEXTAREA, required=False)
    cluster = forms.ModelChoiceField(
        label=_("Regional platform or cluster"),
        queryset=RegionalCluster.objects.order_by("name"),
        required=False,
        help_text=_("Preferably taken up with a regional maakindustrie platform (§5.6)."),
    )
    members = LinesField(
        label=_("Companies and initiatives (organisations of the register)"),
        rows=4,
        help_text=_("One organisation per line, named as in the stakeholder register."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=RegionalOpportunity.Status.choices)
    project = forms.CharField(
        label=_("Project"), max_length=20, required=False, help_text=_("The project number, e.g. 20-004.")
    )
    aligned_on = forms.DateField(
        label=_("Last aligned with the Regio-tool"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    alignment_note = forms.CharField(
        label=_("What was agreed with the Regio-tool"), widget=TEXTAREA, required=False
    )

    def clean_members(self) -> list[Organisation]:
        return organisations_named(self.cleaned_data["members"])

    def clean_project(self) -> Project | None:
        number = self.cleaned_data["project"].strip()
        if not number:
            return None
        project = Project.objects.filter(number=number).first()
        if project is None:
            raise forms.ValidationError(_("No such project: %(numbers)s.") % {"numbers": number})
        return project

    @classmethod
    def initial_for(cls, opportunity: RegionalOpportunity) -> dict[str, Any]:
        return {
            "version": opportunity.version,
            "name": opportunity.name,
            "province": opportunity.province,
            "regional_theme": opportunity.regional_theme,
            "target_group": opportunity.target_group,
            "description": opportunity.description,
            "cluster": opportunity.cluster,
            "members": "\n".join(opportunity.members.values_list("name", flat=True)),
            "status": opportunity.status,
            "project": opportunity.project.number if opportunity.project else "",
            "aligned_on": opportunity.aligned_on,
            "alignment_note": opportunity.alignment_note,
        }


class OpportunityFilterForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name"), required=False
    )
    cluster = forms.ModelChoiceField(
        label=_("Regional platform or cluster"),
        queryset=RegionalCluster.objects.order_by("name"),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *RegionalOpportunity.Status.choices], required=False
    )
