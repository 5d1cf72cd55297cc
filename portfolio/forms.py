"""Forms validate input at the edge; the writes themselves are in services."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from catalogue.models import Horizon, Pillar, ProductCluster
from catalogue.services import sbi_normalize
from programme.models import SteeringMeeting, Team

from .workflow import leidraad

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def phase_choices(blank: bool = True):
    choices = [(state.code, state.name) for state in leidraad().states]
    return [("", _("All"))] + choices if blank else choices


class PortfolioFilterForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)
    cluster = forms.ChoiceField(label=_("Product cluster"), required=False)
    due_after = forms.DateField(label=_("Due from"), required=False, widget=DATE_INPUT)
    due_before = forms.DateField(label=_("Due until"), required=False, widget=DATE_INPUT)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, fixed_team: Team | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = phase_choices()
        self.fields["status"].choices = [("", _("All"))] + [(c, n) for c, n, _e in leidraad().statuses]
        self.fields["team"].choices = [("", _("All"))] + list(Team.objects.values_list("code", "name"))
        self.fields["pillar"].choices = [("", _("All"))] + list(Pillar.objects.values_list("code", "name"))
        self.fields["cluster"].choices = [("", _("All"))] + list(
            ProductCluster.objects.values_list("code", "name")
        )
        if fixed_team is not None:
            del self.fields["team"]
            del self.fields["pillar"]

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("due_after"), cleaned.get("due_before")
        if after and before and before < after:
            self.add_error("due_before", _("'Due until' lies before 'Due from'."))
        return cleaned


class SbiCodesField(forms.CharField):
    """SBI codes typed as the sources write them ("29.1, 30.9, 47.6"); checked for form here, resolved against
    the catalogue by the service (catalogue.services.sbi_resolve)."""

    def clean(self, value):
        value = super().clean(value)
        codes, bad = [], []
        for part in (value or "").replace(";", ",").split(","):
            if not part.strip():
                continue
            try:
                codes.append(sbi_normalize(part.strip())[0])
            except ValueError:
                bad.append(part.strip())
        if bad:
            raise forms.ValidationError(_("Not an SBI code: %(codes)s.") % {"codes": ", ".join(bad)})
        return codes


class ProjectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all())
    lead_user = forms.ModelChoiceField(
        label=_("Project lead"), queryset=get_user_model().objects.none(), required=False
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE_INPUT)
    due_date = forms.DateField(label=_("Due date (delivery term)"), required=False, widget=DATE_INPUT)
    result_description = forms.CharField(
        label=_("Result (unambiguous description)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resources = forms.CharField(
        label=_("Available resources"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    quality_criteria = forms.CharField(
        label=_("Testable quality criteria"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    actors = forms.CharField(label=_("Actors"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    intended_effect = forms.CharField(label=_("Intended effect"), required=False, max_length=1000)
    clusters = forms.ModelMultipleChoiceField(
        label=_("Product clusters"),
        queryset=ProductCluster.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sbi_codes = SbiCodesField(
        label=_("Product groups (SBI codes, comma-separated, e.g. 29.1, 30.9)"),
        required=False,
        max_length=500,
    )
    horizons = forms.ModelMultipleChoiceField(
        label=_("Horizons"),
        queryset=Horizon.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_user"].queryset = (
            get_user_model().objects.filter(groups__name=Role.PROJECT_LEAD).order_by("username")
        )
        self.fields["lead_user"].label_from_instance = lambda user: user.get_full_name() or user.username
        if editing:
            del self.fields["team"]

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date lies before the start date."))
        return cleaned


class CriterionConfirmForm(forms.Form):
    criterion = forms.CharField(widget=forms.HiddenInput)
    holds = forms.TypedChoiceField(
        label=_("Holds"),
        choices=[("1", _("Holds")), ("0", _("Does not hold"))],
        coerce=lambda value: value == "1",
        initial="1",
    )
    evidence_file = forms.FileField(label=_("Evidence document"), required=False)
    evidence_link = forms.CharField(label=_("Evidence link"), required=False, max_length=500)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class ArtefactForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    dated = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    file = forms.FileField(label=_("Document"), required=False)
    link = forms.CharField(label=_("Or a link"), required=False, max_length=500)
    parts = forms.MultipleChoiceField(
        label=_("Parts of the project contract covered"), required=False, widget=forms.CheckboxSelectMultiple
    )
    signed = forms.BooleanField(label=_("Signed"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = leidraad().artefact_types.values()
        self.fields["type"].choices = [(t.code, t.name) for t in types]
        self.fields["parts"].choices = [(f"{p.code}", f"{p.code}. {p.name}") for t in types for p in t.parts]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("link") or "").strip():
            self.add_error("file", _("Upload a document or give a link."))
        return cleaned


class ProposeForm(forms.Form):
    target = forms.ChoiceField(label=_("Propose to move to"))
    note = forms.CharField(
        label=_("Note for the steering meeting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, phase: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (code, leidraad().state(code).name) for code in leidraad().allowed_targets(phase)
        ]


NEW_MEETING = "new"


class DecideForm(forms.Form):
    meeting = forms.ChoiceField(label=_("Steering meeting"))
    action = forms.ChoiceField(label=_("Decision"))
    text = forms.CharField(label=_("Decision text"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reasoning = forms.CharField(
        label=_("Reasoning (required to stop)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = SteeringMeeting.objects.filter(team=project.team, status=SteeringMeeting.Status.OPEN)
        self.meetings = {str(m.pk): m for m in meetings}
        self.fields["meeting"].choices = [(pk, str(m)) for pk, m in self.meetings.items()] + [
            (NEW_MEETING, _("New steering meeting today"))
        ]
        workflow = leidraad()
        labels = {
            "pause": _("Pause the project"),
            "stop": _("Stop the project"),
            "reopen": _("Reopen the project"),
        }
        self.fields["action"].choices = [
            (code, _("Move to phase: %(phase)s") % {"phase": workflow.state(code).name})
            for code in workflow.allowed_targets(project.phase)
        ] + [(code, labels[code]) for code in workflow.allowed_status_actions(project.status)]


class ImpactImportForm(forms.Form):
    file = forms.FileField(label=_("Filled impact-sheet template (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload the template as an .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
