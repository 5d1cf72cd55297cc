"""Forms of the intake pages. They validate input at the edge; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import NpceProductGroup, TransitionAgenda
from regiekamer.idempotency import SubmissionTokenField

from . import checks
from .models import (
    ActionLine,
    Application,
    ChainDirectionRole,
    ChainRole,
    ExcludedSupport,
    GoalTheme,
    Party,
    Signatory,
)


class StyledMixin:
    """NL Design System classes on every widget."""

    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "utrecht-textarea")
                widget.attrs.setdefault("rows", 3)
            elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
                widget.attrs.setdefault("class", "utrecht-select")
            elif isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                widget.attrs.setdefault("class", "utrecht-checkbox")
            elif isinstance(widget, forms.HiddenInput):
                continue
            else:
                widget.attrs.setdefault("class", "utrecht-textbox")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApplicationCreateForm(StyledMixin, forms.Form):
    consortium: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Consortium"))
    title = forms.CharField(label=_("Title"), max_length=200)
    product_group = forms.ModelChoiceField(
        queryset=NpceProductGroup.objects.prefetch_related("agendas"), label=_("NPCE product group")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consortium"].queryset = user.consortia.all()
        self._style()


FIELDSETS = [
    (_("General"), ["title", "product_group", "transition_agenda"]),
    (
        _("1. The product group"),
        [
            "transition_phase",
            "transition_phase_description",
            "circular_gains",
            "bottlenecks",
            "analysis_tool",
        ],
    ),
    (
        _("2. The consortium"),
        [
            "market_share_percent",
            "market_share_argument",
            "centre_of_gravity_in_nl",
            "centre_of_gravity_explanation",
            "branches_and_small_companies",
            "contributions_description",
            "governance_model",
            "disagreement_procedure",
        ],
    ),
    (_("Chain roles without a party"), [f"role_argument_{role}" for role in checks.REQUIRED_CHAIN_ROLES]),
    (
        _("3. Goals and ambition"),
        [
            "shared_goal",
            "long_term_goals",
            "goal_themes",
            "r_strategies",
            "lap_cmp_sector_plan",
            "lap_cmp_exceedance",
        ],
    ),
    (
        _("5. Effects and risks"),
        [
            "intended_effects",
            "barriers_resolved",
            "raw_material_savings_tonnes",
            "raw_material_savings_calculation",
            "co2_savings_tonnes",
            "environmental_effects",
            "supply_security_effects",
            "lasting_effects",
            "risks",
        ],
    ),
    (_("6. Chain direction"), ["chain_direction_needed", "excluded_support_requested"]),
    (_("7. Planning"), ["planned_start", "planned_end", "planning"]),
    (_("8. Financing plan"), ["cost_benefit_distribution", "requested_budget_eur"]),
    (
        _("9. Knowledge sharing"),
        [
            "knowledge_sharing_between_parties",
            "knowledge_sharing_cross_sector",
            "knowledge_sharing_outside",
            "leerkring_participation",
            "accepts_periodic_consultation",
        ],
    ),
]


class ApplicationForm(StyledMixin, forms.ModelForm):
    """The draft: general data and the plan of action (parts 4 and the parties are edited on their own)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    goal_themes = forms.MultipleChoiceField(
        label=_("Goal themes"), choices=GoalTheme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    excluded_support_requested = forms.MultipleChoiceField(
        label=_("Do you ask for any of these? (The instrument cannot support them.)"),
        choices=ExcludedSupport.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        fields = [
            name
            for _legend, names in FIELDSETS
            for name in names
            if not name.startswith("role_argument_")
            and name not in {"goal_themes", "excluded_support_requested"}
        ]
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "r_strategies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ChainRole.choices)
        arguments = self.instance.role_arguments or {}
        for role in checks.REQUIRED_CHAIN_ROLES:
            self.fields[f"role_argument_{role}"] = forms.CharField(
                label=_("Why is no %(role)s needed?") % {"role": labels[role]},
                required=False,
                widget=forms.Textarea,
                initial=arguments.get(role, ""),
            )
        self.fields["version"].initial = self.instance.version
        self.fields["goal_themes"].initial = self.instance.goal_themes
        self.fields["excluded_support_requested"].initial = self.instance.excluded_support_requested
        group = self.instance.product_group if self.instance.product_group_id else None
        if group is not None:
            self.fields["transition_agenda"].queryset = group.agendas.all()
        else:
            self.fields["transition_agenda"].queryset = TransitionAgenda.objects.all()
        self._style()

    def clean(self):
        cleaned = super().clean() or {}
        group, agenda = cleaned.get("product_group"), cleaned.get("transition_agenda")
        if group and agenda and not group.agendas.filter(pk=agenda.pk).exists():
            self.add_error(
                "transition_agenda", _("The product group does not belong to this transition agenda.")
            )
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end lies before the planned start."))
        return cleaned

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields or ()}
        data["goal_themes"] = self.cleaned_data["goal_themes"]
        data["excluded_support_requested"] = self.cleaned_data["excluded_support_requested"]
        data["role_arguments"] = {
            role: self.cleaned_data.get(f"role_argument_{role}", "") for role in checks.REQUIRED_CHAIN_ROLES
        }
        return data


class PartyForm(StyledMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Party
        fields = [
            "name",
            "organisation_type",
            "chain_role",
            "responsibility",
            "chain_function",
            "contribution_hours",
            "contribution_eur",
            "country",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        self._style()

    def validate_unique(self):
        """The service checks the unique name per application (the form has no application field)."""

    def clean_country(self):
        country = (self.cleaned_data.get("country") or "").strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError(_("Give the country as a two-letter ISO code, e.g. NL, BE, DE."))
        return country


class SignatoryForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["name", "position", "signed_on"]
        widgets = {"signed_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ActionLineForm(StyledMixin, forms.ModelForm):
    chain_direction_roles = forms.MultipleChoiceField(
        label=_("Chain-direction roles needed"),
        choices=ChainDirectionRole.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ActionLine
        fields = ["title", "description", "chain_direction_roles"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AmbitionUploadForm(forms.Form):
    ambition_document = forms.FileField(
        label=_("Signed ambition document (PDF, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class ReasonForm(StyledMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


POSITIVE_CHOICES = [("yes", _("Positive")), ("no", _("Negative"))]
MET_CHOICES = [("yes", _("Met")), ("no", _("Not met"))]
DECISION_CHOICES = [("yes", _("Approve")), ("no", _("Reject"))]


def _yes(value: str) -> bool:
    return value == "yes"


class CriteriaForm(StyledMixin, forms.Form):
    """The seven criteria on one form: per criterion the verdict (`criterion_<n>`) and the reasoning
    (`reason_<n>`). Every field may arrive empty here: the service refuses the whole form and names each
    criterion that lacks its verdict or reasoning (the message lands next to the field)."""

    def __init__(self, *args, current: list[checks.CriterionRow] | None = None, **kwargs):
        if current and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    f"criterion_{row.criterion.number}": "yes" if row.met else "no"
                    for row in current
                    if row.met is not None
                },
                **{f"reason_{row.criterion.number}": row.reason for row in current if row.reason},
            }
        super().__init__(*args, **kwargs)
        for criterion in checks.CRITERIA:
            self.fields[f"criterion_{criterion.number}"] = forms.TypedChoiceField(
                label=_("Verdict on criterion %(number)s") % {"number": criterion.number},
                choices=MET_CHOICES,
                coerce=_yes,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{criterion.number}"] = forms.CharField(
                label=_("Reasoning for criterion %(number)s") % {"number": criterion.number},
                required=False,
                widget=forms.Textarea,
            )
        self._style()

    def rows(self) -> list[tuple[checks.Criterion, forms.BoundField, forms.BoundField]]:
        """Per criterion: the criterion, its verdict field and its reasoning field (for the template)."""
        return [
            (criterion, self[f"criterion_{criterion.number}"], self[f"reason_{criterion.number}"])
            for criterion in checks.CRITERIA
        ]

    def verdicts(self) -> dict[int, tuple[bool | None, str]]:
        """The verdicts as the service takes them: criterion number -> (met or None, reasoning)."""
        return {
            criterion.number: (
                self.cleaned_data.get(f"criterion_{criterion.number}"),
                self.cleaned_data.get(f"reason_{criterion.number}", ""),
            )
            for criterion in checks.CRITERIA
        }


class AdviceForm(StyledMixin, forms.Form):
    positive = forms.TypedChoiceField(
        label=_("Advice of the transition agenda"),
        choices=POSITIVE_CHOICES,
        coerce=_yes,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("Text of the advice"), widget=forms.Textarea)
    advised_on = forms.DateField(label=_("Date of the advice"), widget=DateInput())
    reason_for_applicant = forms.CharField(
        label=_("Message for the applicant"), widget=forms.Textarea, required=False
    )
    # one-time token: a double-clicked submit is recorded once (regiekamer.idempotency)
    submission_token = SubmissionTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class DecisionForm(StyledMixin, forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Decision of the steering group"),
        choices=DECISION_CHOICES,
        coerce=_yes,
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea)
    reasoning_for_applicant = forms.CharField(
        label=_("Reasoning for the applicant"), widget=forms.Textarea, required=False
    )
    quota_override = forms.BooleanField(
        label=_("The steering group overrides the quota rule"), required=False
    )
    quota_override_reason = forms.CharField(
        label=_("Reason for overriding the quota rule"), widget=forms.Textarea, required=False
    )
    # one-time token: a double-clicked submit is recorded once (regiekamer.idempotency)
    submission_token = SubmissionTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AdvanceForm(StyledMixin, forms.Form):
    reason_for_applicant = forms.CharField(
        label=_("Message for the applicant"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class EligibilityForm(StyledMixin, forms.Form):
    smes = forms.IntegerField(label=_("Number of SMEs in the consortium"), min_value=0, max_value=1000)
    large_companies = forms.IntegerField(label=_("Number of large companies"), min_value=0, max_value=1000)
    whole_chain = forms.BooleanField(
        label=_("Parties from every link of the chain take part"), required=False
    )
    signed_ambition = forms.BooleanField(
        label=_("We have an ambition document signed by every party"), required=False
    )
    plan_of_action = forms.BooleanField(
        label=_("We have a plan of action including a financing plan"), required=False
    )
    months = forms.IntegerField(
        label=_("How many months of support do you want?"), min_value=1, max_value=120
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class HandOverForm(StyledMixin, forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Team whose portfolio takes the project")
    )

    def __init__(self, *args, **kwargs):
        from programme.models import Team

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.all()
        realisation = Team.objects.filter(name__icontains="realisatie").first()
        if realisation is not None:
            self.fields["team"].initial = realisation.pk
        self._style()
