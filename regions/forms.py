"""Forms of the regions pages: types and formats only; the rules are in regions.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Province, SupraregionalTheme
from portfolio.models import Project
from regiekamer.forms import LinesField
from stakeholders.models import Organisation, Person

from .models import RegionalCluster

TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 80})
WIDE = forms.TextInput(attrs={"size": 80})


def organisations_named(names: list[str]) -> list[Organisation]:
    """The register's organisations of `names` (one per line of a members field); refused, naming them, when
    some are not in the register."""
    found = {org.name.lower(): org for org in Organisation.objects.filter(name__in=names)}
    missing = [name for name in names if name.lower() not in found]
    if missing:
        raise forms.ValidationError(_("Not in the register: %(names)s.") % {"names": ", ".join(missing)})
    return list(found.values())


class MapForm(forms.Form):
    measure = forms.ChoiceField(label=_("Show"))

    def __init__(self, *args: Any, measures: list[tuple[str, list[tuple[str, Any]]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measures


class ClusterForm(forms.Form):
    """The members and projects are typed (names of the register, project numbers), one per line: the
    register holds far too many organisations for a list to pick from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"size": 60}))
    kind = forms.ChoiceField(label=_("Kind"), choices=RegionalCluster.Kind.choices)
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provinces"),
        queryset=Province.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for a supra-regional network or when the source names no province."),
    )
    description = forms.CharField(label=_("Description"), widget=TEXTAREA, required=False)
    regional_themes = forms.CharField(label=_("Regional themes"), widget=TEXTAREA, required=False)
    supraregional_themes = forms.ModelMultipleChoiceField(
        label=_("Supra-regional themes"),
        queryset=SupraregionalTheme.objects.order_by("order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = LinesField(
        label=_("Members (organisations of the register)"),
        rows=4,
        help_text=_("One organisation per line, named as in the stakeholder register."),
    )
    contact_organisation = forms.CharField(
        label=_("Contact organisation"),
        max_length=200,
        required=False,
        help_text=_("Named as in the register."),
    )
    contact_person = forms.CharField(
        label=_("Contact person"),
        max_length=200,
        required=False,
        help_text=_("A person of the contact organisation, named as in the register."),
    )
    projects = LinesField(
        label=_("Projects"), rows=3, help_text=_("One project number per line, e.g. 20-004.")
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False, widget=WIDE)

    def clean_members(self) -> list[Organisation]:
        return organisations_named(self.cleaned_data["members"])

    def clean_projects(self) -> list[Project]:
        numbers = self.cleaned_data["projects"]
        found = {project.number: project for project in Project.objects.filter(number__in=numbers)}
        missing = [number for number in numbers if number not in found]
        if missing:
            raise forms.ValidationError(_("No such project: %(numbers)s.") % {"numbers": ", ".join(missing)})
        return list(found.values())

    def clean_contact_organisation(self) -> Organisation | None:
        name = self.cleaned_data["contact_organisation"].strip()
        if not name:
            return None
        organisation = Organisation.objects.filter(name__iexact=name).first()
        if organisation is None:
            raise forms.ValidationError(_("Not in the register: %(names)s.") % {"names": name})
        return organisation

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = (data.get("contact_person") or "").strip()
        organisation = data.get("contact_organisation")
        data["contact_person"] = None
        if name:
            if organisation is None:
                self.add_error("contact_person", _("Name the contact organisation first."))
            else:
                person = Person.objects.filter(organisation=organisation, name__iexact=name).first()
                if person is None:
                    self.add_error(
                        "contact_person",
                        _("The contact organisation has no person of that name in the register."),
                    )
                data["contact_person"] = person
        return data

    @classmethod
    def initial_for(cls, cluster: RegionalCluster) -> dict[str, Any]:
        return {
            "version": cluster.version,
            "name": cluster.name,
            "kind": cluster.kind,
            "provinces": list(cluster.provinces.all()),
            "description": cluster.description,
            "regional_themes": cluster.regional_themes,
            "supraregional_themes": list(cluster.supraregional_themes.all()),
            "members": "\n".join(cluster.members.values_list("name", flat=True)),
            "contact_organisation": cluster.contact_organisation.name if cluster.contact_organisation else "",
            "contact_person": cluster.contact_person.name if cluster.contact_person else "",
            "projects": "\n".join(cluster.projects.values_list("number", flat=True)),
            "source": cluster.source,
        }
