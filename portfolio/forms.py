"""Forms validate input at the edge; the writes themselves are in services."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from catalogue.models import Horizon, KiaTheme, Pillar, ProductCluster, SupraregionalTheme
from catalogue.services import sbi_normalize
from programme.models import SteeringMeeting, Team
from regiekamer.forms import DATE_INPUT, FormWithRows, LinesField, MonthField, RowForm
from regiekamer.idempotency import SubmissionTokenField
from regiekamer.links import validate_link

from .models import Project
from .selectors import ProjectFilters
from .workflow import leidraad


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
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Number")),
            ("-number", _("Number, newest first")),
            ("title", _("Title")),
            ("due_date", _("Due date")),
            ("-due_date", _("Due date, latest first")),
        ],
    )

    def filters(self, team: Team | None = None) -> ProjectFilters:
        """The filters the form asks for (none when invalid); a team's own portfolio is fixed to `team`."""
        data = self.cleaned_data if self.is_valid() else {}
        return ProjectFilters(
            phase=data.get("phase", ""),
            status=data.get("status", ""),
            cluster=data.get("cluster", ""),
            team=team.code if team else data.get("team", ""),
            pillar=data.get("pillar", ""),
            due_before=data.get("due_before"),
            due_after=data.get("due_after"),
            query=data.get("q", ""),
            sort=data.get("sort", ""),
        )

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
        cleaned = super().clean() or {}
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
    project_type = forms.ChoiceField(
        label=_("Type of project"),
        required=False,
        help_text=_("The dashboard counts running projects of type research as research projects."),
    )
    project_type_source = forms.CharField(
        label=_("Source of the type of project"),
        required=False,
        max_length=500,
        help_text=_("Where the type comes from, e.g. the words the source uses for the project."),
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
    kia_themes = forms.ModelMultipleChoiceField(
        label=_("KIA-CM topics"),
        queryset=KiaTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The topics of the knowledge and innovation agenda the project works on."),
    )
    supraregional_themes = forms.ModelMultipleChoiceField(
        label=_("Supra-regional themes"),
        queryset=SupraregionalTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The supra-regional themes (CESI, HCA, market demand CE) the project connects to."),
    )

    def __init__(self, *args, editing: bool = False, sets_type: bool = False, **kwargs):
        from .models import ProjectType

        super().__init__(*args, **kwargs)
        self.fields["lead_user"].queryset = (
            get_user_model().objects.filter(groups__name=Role.PROJECT_LEAD).order_by("username")
        )
        self.fields["lead_user"].label_from_instance = lambda user: user.get_full_name() or user.username
        self.fields["project_type"].choices = [("", _("— not classified —"))] + list(ProjectType.choices)
        if editing:
            del self.fields["team"]
        if not sets_type:  # the project type is the programme office's (portfolio.set_project_type)
            del self.fields["project_type"]
            del self.fields["project_type_source"]

    def clean(self):
        cleaned = super().clean() or {}
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
    evidence_link = forms.CharField(
        label=_("Evidence link"), required=False, max_length=500, validators=[validate_link]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class ArtefactForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    dated = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    file = forms.FileField(label=_("Document"), required=False)
    link = forms.CharField(label=_("Or a link"), required=False, max_length=500, validators=[validate_link])
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
        cleaned = super().clean() or {}
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
    """The steering meeting's decision about the project: the action is chosen explicitly (nothing is
    pre-selected), the decision text is composed from it; the person adds a note and, to stop or to move the
    project back, the reasoning."""

    meeting = forms.ChoiceField(label=_("Steering meeting"))
    action = forms.ChoiceField(label=_("Decision"))
    text = forms.CharField(
        label=_("Note (added to the decision text)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reasoning = forms.CharField(
        label=_("Reasoning (required to stop or to move back)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # one-time token: a double-clicked submit is recorded once (regiekamer.idempotency)
    submission_token = SubmissionTokenField()

    def __init__(self, *args, project, **kwargs):
        from django.utils import timezone

        super().__init__(*args, **kwargs)
        # A meeting decides once it has taken place: open meetings dated today or earlier.
        meetings = SteeringMeeting.objects.filter(
            team=project.team, status=SteeringMeeting.Status.OPEN, date__lte=timezone.localdate()
        )
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
        self.fields["action"].choices = (
            [("", _("— choose —"))]
            + [
                (code, _("Move to phase: %(phase)s") % {"phase": workflow.state(code).name})
                for code in workflow.allowed_targets(project.phase)
            ]
            + [(code, labels[code]) for code in workflow.allowed_status_actions(project.status)]
        )


class ImpactImportForm(forms.Form):
    file = forms.FileField(label=_("Filled impact-sheet template (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload the template as an .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


# --- progress report (issue 5) ---


def _plain(amount):
    """100000.00 shown as 100000, 12.50 as it is."""
    return amount.quantize(1) if amount is not None and amount == amount.to_integral_value() else amount


class ReportLineForm(RowForm):
    """A risk or an issue with its owner and status."""

    text = forms.CharField(label=_("Description"), required=False, max_length=500)
    owner = forms.CharField(label=_("Owner"), required=False, max_length=100)
    status = forms.CharField(
        label=_("Status"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("open")}),
    )


class GrantLineForm(RowForm):
    """Granted by one funder, e.g. RVO 60.000."""

    funder = forms.CharField(label=_("Funder"), required=False, max_length=100)
    amount = forms.DecimalField(label=_("Amount (€)"), required=False, max_digits=12, decimal_places=2)


ReportLineFormSet = forms.formset_factory(ReportLineForm, extra=2)
GrantLineFormSet = forms.formset_factory(GrantLineForm, extra=2)


class ProgressReportForm(forms.Form):
    """The fields of a voortgangsrapportage (Bijlage 8); the rules (ranges, timeline, grant lines) are checked
    by services.progress_report_create, whose errors ProgressReportEntry puts next to the inputs."""

    report_date = forms.DateField(label=_("Report date"), widget=DATE_INPUT)
    percent_ready = forms.IntegerField(label=_("Project result ready (percent, 0-100)"))
    timeline_start = MonthField(label=_("Timeline from (month)"))
    timeline_end = MonthField(label=_("Timeline until (month)"))
    done = LinesField(label=_("Done"), rows=5)
    completed = LinesField(label=_("Completed"))
    dependencies: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Depends on projects"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    other_dependencies = LinesField(label=_("Other dependencies"), rows=2)
    finance_date = forms.DateField(label=_("Finance as of"), widget=DATE_INPUT)
    budget_needed = forms.DecimalField(
        label=_("Total project budget needed (€)"), required=False, max_digits=12, decimal_places=2
    )
    spent = forms.DecimalField(
        label=_("Total project budget spent (€)"), required=False, max_digits=12, decimal_places=2
    )

    def __init__(self, *args, project, **kwargs):
        from .models import Project
        from .reporting import MILESTONES

        super().__init__(*args, **kwargs)
        self.fields["dependencies"].queryset = Project.objects.exclude(pk=project.pk).order_by(
            "year", "sequence"
        )
        self.milestone_fields = []
        for code, label in MILESTONES:
            names = (f"milestone_{code}_planned", f"milestone_{code}_actual")
            self.fields[names[0]] = MonthField(
                label=_("%(milestone)s: planned") % {"milestone": label}, required=False
            )
            self.fields[names[1]] = MonthField(
                label=_("%(milestone)s: actual") % {"milestone": label}, required=False
            )
            for name in names:
                self.fields[name].widget.attrs["aria-label"] = self.fields[name].label
            self.milestone_fields.append((code, label, names))

    def milestone_rows(self):
        """(label, planned field, actual field) per milestone, for the timeline table."""
        return [
            (label, self[planned], self[actual]) for _code, label, (planned, actual) in self.milestone_fields
        ]


class ProgressReportEntry(FormWithRows):
    """The progress-report form with its three tables of rows (risks, issues, grant lines). Pre-filled from
    the latest report, so a project lead updates it rather than typing it again; saving adds a new report."""

    ROWS = {"risks": ReportLineFormSet, "issues": ReportLineFormSet, "funding": GrantLineFormSet}

    def __init__(self, data=None, *, project, latest=None, today):
        initial, rows = self.initial_from(project, latest, today)
        self.add_recorded_milestones(initial, project, today)
        super().__init__(data, form=ProgressReportForm(data, project=project, initial=initial), rows=rows)

    @staticmethod
    def initial_from(project, latest, today) -> tuple[dict, dict]:
        import datetime
        from decimal import Decimal

        if latest is None:  # a first report: the timeline of the project's term, or twelve months
            start = (project.start_date or today).replace(day=1)
            year, month = divmod(start.month + 10, 12)
            end = (project.due_date or datetime.date(start.year + year, month + 1, 1)).replace(day=1)
            initial = {"timeline_start": start, "timeline_end": end, "percent_ready": 0}
            rows: dict[str, list[dict]] = {"risks": [], "issues": [], "funding": []}
            return {**initial, "report_date": today, "finance_date": today}, rows
        initial = {
            "report_date": today,
            "finance_date": today,
            "timeline_start": latest.timeline_start,
            "timeline_end": latest.timeline_end,
            "percent_ready": latest.percent_ready,
            "done": "\n".join(latest.done),
            "completed": "\n".join(latest.completed),
            "dependencies": [p.pk for p in latest.dependencies.all()],
            "other_dependencies": "\n".join(latest.other_dependencies),
            "budget_needed": _plain(latest.budget_needed),
            "spent": _plain(latest.spent),
        }
        for code, entry in (latest.milestones or {}).items():
            for kind in ("planned", "actual"):
                if (entry or {}).get(kind):
                    initial[f"milestone_{code}_{kind}"] = datetime.date.fromisoformat(entry[kind])
        rows = {
            "risks": [dict(row) for row in latest.risks],
            "issues": [dict(row) for row in latest.issues],
            "funding": [
                {"funder": line["funder"], "amount": _plain(Decimal(str(line["amount"])))}
                for line in latest.funding
            ],
        }
        return initial, rows

    @staticmethod
    def add_recorded_milestones(initial: dict, project, today) -> None:
        """Milestones the report does not state yet, as the project's record gives them (the gate decisions
        that moved it, the start of its planned period), inside the timeline: pre-filled, still editable."""
        import datetime

        from . import reporting, selectors

        start, end = initial.get("timeline_start"), initial.get("timeline_end")
        if not (start and end) or end < start:
            return
        recorded = reporting.within(selectors.project_milestones(project, on=today), start, end)
        for code, entry in recorded.items():
            for kind, month in entry.items():
                initial.setdefault(f"milestone_{code}_{kind}", datetime.date.fromisoformat(month))

    def values(self) -> dict:
        """The keyword arguments of services.progress_report_create (without actor and project)."""
        data = super().values()
        milestones = {}
        for code, _label, (planned, actual) in self.form.milestone_fields:
            entry = {"planned": data.pop(planned), "actual": data.pop(actual)}
            if entry["planned"] or entry["actual"]:
                milestones[code] = entry
        data["milestones"] = milestones
        return data

    def place_error(self, field: str, params: dict, message: str) -> bool:
        if field == "milestones" and "code" in params:
            self.form.add_error(f"milestone_{params['code']}_{params['column']}", message)
            return True
        return False


# --- impact sheet edited in the browser (issue 5; the XLSX import is the other way in) ---


class MilestoneLineForm(RowForm):
    year = forms.CharField(label=_("Year"), required=False, max_length=10)
    text = forms.CharField(label=_("Milestone"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("year") and not cleaned.get("text"):
            self.add_error("text", _("Describe the milestone of %(year)s.") % {"year": cleaned["year"]})
        return cleaned


class SizeLineForm(RowForm):
    group = forms.CharField(label=_("Group"), required=False, max_length=200)
    quantity = forms.CharField(label=_("Quantity"), required=False, max_length=100)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=100)


class EffectLineForm(RowForm):
    dimension = forms.ChoiceField(label=_("Effect goal"), required=False)
    horizon = forms.ChoiceField(label=_("Horizon"), required=False)
    description = forms.CharField(label=_("Description"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        from catalogue.models import EffectDimension

        super().__init__(*args, **kwargs)
        dimensions = EffectDimension.objects.values_list("code", "name")
        self.fields["dimension"].choices = [("", "—")] + list(dimensions)
        self.fields["horizon"].choices = [("", "—")] + [(h.code, h.label) for h in Horizon.objects.all()]

    def clean(self):
        cleaned = super().clean() or {}
        if (cleaned.get("horizon") or cleaned.get("description")) and not cleaned.get("dimension"):
            self.add_error("dimension", _("Choose the effect goal this line contributes to."))
        return cleaned


def _level_choices():
    from .reporting import CONTRIBUTION_LEVELS

    return [("", "—")] + list(CONTRIBUTION_LEVELS)


class ImpactSheetForm(forms.Form):
    """The fields of the impactsheet (§4.4, Bijlage 8); lists are one item per line, the CO₂ total is
    computed from the bands and not asked. SBI codes and raw materials are resolved by the service."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status_date = forms.DateField(label=_("Status per"), widget=DATE_INPUT)
    goals = LinesField(label=_("Goals"), rows=4)
    results = LinesField(label=_("Results"), rows=4)
    activities = LinesField(label=_("Activities"), rows=5)
    cluster = forms.ModelChoiceField(
        label=_("Product cluster"), queryset=ProductCluster.objects.all(), required=False
    )
    sbi_codes = SbiCodesField(
        label=_("Product groups (SBI codes, comma-separated, e.g. 29.1, 30.9)"),
        required=False,
        max_length=500,
    )
    modules = LinesField(label=_("Modules"))
    raw_materials = forms.CharField(
        label=_("Critical raw materials (symbols, comma-separated, e.g. Co, Mn, PGM's)"),
        required=False,
        max_length=500,
    )
    co2_r0_r2 = forms.DecimalField(
        label=_("CO₂ R0–R2 circular design (kt/yr)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        localize=True,
    )
    co2_r3_r7 = forms.DecimalField(
        label=_("CO₂ R3–R7 life extension (kt/yr)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        localize=True,
    )
    co2_r8_r9 = forms.DecimalField(
        label=_("CO₂ R8–R9 recycling (kt/yr)"), required=False, max_digits=10, decimal_places=2, localize=True
    )
    co2_stated = forms.DecimalField(
        label=_("CO₂ as the project states it (kt/yr)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=_(
            "The indicator as stated on the sheet. Kept as stated; where it differs from the sum of the "
            "bands the sheet shows both with a notice."
        ),
    )
    supply_risk_change = forms.ChoiceField(label=_("Change in supply risk"), required=False)
    added_value_meur = forms.DecimalField(
        label=_("Added value (M€)"), required=False, max_digits=10, decimal_places=2, localize=True
    )
    added_value_base_year = forms.IntegerField(
        label=_("Base year of the added value"), required=False, min_value=1900, max_value=2100
    )
    business_propositions = forms.CharField(
        label=_("Collective business propositions (0-3 months, a count or range, e.g. 1 - 5)"),
        required=False,
        max_length=20,
    )
    stakeholders = forms.CharField(
        label=_("Stakeholders"),
        required=False,
        help_text=_("Separated by commas; names of organisations in the stakeholder register are linked."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    target_groups = forms.CharField(
        label=_("Target groups"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    change_agents = forms.CharField(
        label=_("Change agents"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from catalogue.models import InnovationFunction

        from .reporting import PERFORMANCE_GOALS, SUPPLY_RISK_SCALE

        super().__init__(*args, **kwargs)
        self.fields["supply_risk_change"].choices = [("", "—")] + list(SUPPLY_RISK_SCALE)
        self.innovation_fields = []
        for function in InnovationFunction.objects.order_by("code"):
            name = f"innovation_{function.code}"
            self.fields[name] = forms.ChoiceField(
                label=f"{function.code} {function.name_nl}", required=False, choices=_level_choices()
            )
            self.innovation_fields.append((function.code, name))
        self.performance_fields = []
        horizons = {h.code: h.label for h in Horizon.objects.all()}
        for code, label, horizon in PERFORMANCE_GOALS:
            name = f"performance_{code}"
            self.fields[name] = forms.ChoiceField(
                label=f"{label} ({horizons.get(horizon, horizon)})", required=False, choices=_level_choices()
            )
            self.performance_fields.append((code, name))

    def innovation_bound(self):
        return [self[name] for _code, name in self.innovation_fields]

    def performance_bound(self):
        return [self[name] for _code, name in self.performance_fields]

    def clean_raw_materials(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["raw_materials"].split(",") if part.strip()]


MilestoneLineFormSet = forms.formset_factory(MilestoneLineForm, extra=2)
SizeLineFormSet = forms.formset_factory(SizeLineForm, extra=2)
EffectLineFormSet = forms.formset_factory(EffectLineForm, extra=2)


class ImpactSheetEntry(FormWithRows):
    """The impact sheet in the browser, pre-filled from the current version; saving makes the next version.
    `based_on` carries the version the form was filled from, so a version saved meanwhile is not silently
    replaced (services.impact_sheet_save refuses it)."""

    ROWS = {
        "milestones": MilestoneLineFormSet,
        "size_figures": SizeLineFormSet,
        "effect_contributions": EffectLineFormSet,
    }

    def __init__(self, data=None, *, sheet_data: dict | None, version: int, today):
        initial: dict = {"based_on": version, "status_date": today}
        rows: dict[str, list[dict]] = {name: [] for name in self.ROWS}
        if sheet_data:
            values = dict(sheet_data)
            rows = {name: list(values.pop(name) or []) for name in self.ROWS}
            innovation, performance = values.pop("innovation_functions"), values.pop("performance")
            initial.update(values, status_date=today)
            for name in ("goals", "results", "activities", "modules"):
                initial[name] = "\n".join(initial[name])
            initial["sbi_codes"] = ", ".join(initial["sbi_codes"])
            initial["raw_materials"] = ", ".join(initial["raw_materials"])
            initial["cluster"] = ProductCluster.objects.filter(code=initial["cluster"]).first()
            for name in ("co2_r0_r2", "co2_r3_r7", "co2_r8_r9", "co2_stated", "added_value_meur"):
                initial[name] = _plain(initial.get(name))  # 17, not 17.00
            initial.update({f"innovation_{code}": level for code, level in innovation.items()})
            initial.update({f"performance_{code}": level for code, level in performance.items()})
            initial["business_propositions"] = performance.get("business_propositions", "")
        super().__init__(data, form=ImpactSheetForm(data, initial=initial), rows=rows)

    def values(self) -> dict:
        """The keyword arguments of services.impact_sheet_save (without actor and project)."""
        data = super().values()
        form = self.form
        levels = {name: data.pop(name) for _code, name in form.innovation_fields + form.performance_fields}
        data["innovation_functions"] = {
            code: levels[name] for code, name in form.innovation_fields if levels[name]
        }
        data["performance"] = {code: levels[name] for code, name in form.performance_fields if levels[name]}
        propositions = data.pop("business_propositions").strip()
        if propositions:
            data["performance"]["business_propositions"] = propositions
        data["based_on_version"] = data.pop("based_on")
        return data


class CollaborationJoinForm(forms.Form):
    """From an organisation's page in the register: it takes part in a portfolio project."""

    project = forms.ModelChoiceField(label=_("Portfolio project"), queryset=Project.objects.none())
    role = forms.CharField(label=_("Role in it"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.order_by("year", "sequence")
