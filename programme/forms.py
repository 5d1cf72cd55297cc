from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Horizon, InnovationFunction, ProductCluster
from regiekamer.forms import FormWithRows, RowForm
from regiekamer.idempotency import SubmissionTokenField

from .extensions import agenda_subject_choices, agenda_subject_key, resolve_agenda_subject
from .models import Decision, Person, SteeringMeeting, Team, ZichtlijnEntry
from .selectors import standing_meeting_members


class TextInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"class": "utrecht-textbox", **(attrs or {})})


class Textarea(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__({"class": "utrecht-textarea", "rows": 4, **(attrs or {})})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__({"class": "utrecht-textbox", **(attrs or {})}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TeamForm(VersionedForm):
    name = forms.CharField(label=_("name"), max_length=100, widget=TextInput)
    purpose = forms.CharField(label=_("purpose"), required=False, widget=Textarea)
    description = forms.CharField(label=_("description"), required=False, widget=Textarea)
    project_type = forms.ChoiceField(
        label=_("project type owned"), required=False, choices=[("", "—"), *Team.ProjectType.choices]
    )
    lead = forms.ModelChoiceField(label=_("team lead"), queryset=Person.objects.all(), required=False)
    linking_pin = forms.ModelChoiceField(
        label=_("linking pin"),
        queryset=Person.objects.all(),
        help_text=_("A Regieteam member; chairs the steering meeting."),
    )
    meeting_members = forms.ModelMultipleChoiceField(
        label=_("steering-meeting members"),
        queryset=Person.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class RoleAssignmentForm(forms.Form):
    horizon = forms.ModelChoiceField(label=_("horizon"), queryset=Horizon.objects.all(), required=False)
    title = forms.CharField(label=_("role"), max_length=150, widget=TextInput)
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.all(), required=False)


class TeamTaskForm(forms.Form):
    horizon = forms.ModelChoiceField(label=_("horizon"), queryset=Horizon.objects.all(), required=False)
    heading = forms.CharField(label=_("heading"), max_length=100, required=False, widget=TextInput)
    text = forms.CharField(label=_("text"), widget=Textarea)


class ZichtlijnForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ZichtlijnEntry.Kind.choices)
    text = forms.CharField(label=_("text"), max_length=300, widget=TextInput)


class PersonForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=150, widget=TextInput)
    organisation = forms.CharField(label=_("organisation"), max_length=150, required=False, widget=TextInput)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__({"class": "utrecht-textbox", **(attrs or {})}, format="%H:%M")


class MeetingForm(forms.Form):
    """The meeting itself. Attendees are chosen in two parts: the team's standing KBO members (ticked when a
    meeting is planned) and anyone else who joins."""

    date = forms.DateField(label=_("date"), widget=DateInput)
    start_time = forms.TimeField(label=_("start time"), required=False, widget=TimeInput)
    location = forms.CharField(label=_("location"), max_length=200, required=False, widget=TextInput)
    standing_attendees = forms.ModelMultipleChoiceField(
        label=_("standing members present"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "rk-checkboxes"}),
    )
    other_attendees = forms.ModelMultipleChoiceField(
        label=_("other attendees"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "People who join from outside the team's standing members (hold Ctrl to choose several)."
        ),
    )

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        standing = [person.pk for person in standing_meeting_members(team)]
        self.fields["standing_attendees"].queryset = Person.objects.filter(pk__in=standing).order_by("name")
        self.fields["other_attendees"].queryset = Person.objects.exclude(pk__in=standing).order_by("name")


class MeetingEditForm(MeetingForm):
    minutes = forms.CharField(label=_("minutes"), required=False, widget=Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgendaItemForm(RowForm):
    title = forms.CharField(label=_("item"), max_length=200, required=False, widget=TextInput)
    subject = forms.ChoiceField(label=_("project and gate"), required=False, choices=())
    notes = forms.CharField(label=_("notes"), required=False, widget=TextInput)

    def __init__(
        self, *args: Any, subject_choices: list[tuple[str, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subject_choices or []

    def values(self) -> dict | None:
        data = super().values()
        if data is None:
            return None
        resolved = resolve_agenda_subject(data.pop("subject")) if data.get("subject") else None
        subject, gate = resolved if resolved else (None, "")
        return {**data, "subject": subject, "gate": gate}


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=3)


class MeetingEntry(FormWithRows):
    """The meeting form with its agenda (a table of items, each may name a project and the gate on the table).
    `values()` gives the service its arguments: the attendees as one list, the agenda items resolved."""

    ROWS = {"agenda_items": AgendaFormSet}

    def __init__(self, data=None, *, team: Team, meeting: SteeringMeeting | None = None):
        if meeting is None:
            form: MeetingForm = MeetingForm(
                data, team=team, initial={"standing_attendees": standing_meeting_members(team)}
            )
            items: list[dict] = []
        else:
            attendees = list(meeting.attendees.all())
            form = MeetingEditForm(
                data,
                team=team,
                initial={
                    "date": meeting.date,
                    "start_time": meeting.start_time,
                    "location": meeting.location,
                    "minutes": meeting.minutes,
                    "standing_attendees": attendees,
                    "other_attendees": attendees,
                    "version": meeting.version,
                },
            )
            items = [
                {
                    "title": item.title,
                    "notes": item.notes,
                    "subject": agenda_subject_key(item.subject, item.gate) if item.subject else "",
                }
                for item in meeting.agenda_items.all()
            ]
        choices = [("", _("— none —")), *agenda_subject_choices(team)]
        super().__init__(
            data,
            form=form,
            rows={"agenda_items": items},
            row_kwargs={"agenda_items": {"subject_choices": choices}},
        )

    def values(self) -> dict:
        data = super().values()
        data["attendees"] = [*data.pop("standing_attendees"), *data.pop("other_attendees")]
        return data


class DecisionForm(forms.Form):
    """A decision the meeting takes on its own page; decisions about a project are taken from the project's
    page (portfolio: Decide), which names the project and the phase. Nothing is pre-selected."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[("", _("— choose —"))] + [(kind.value, kind.label) for kind in Decision.GENERAL_KINDS],
    )
    text = forms.CharField(label=_("decision"), widget=Textarea)
    reasoning = forms.CharField(label=_("reasoning"), required=False, widget=Textarea)
    supersedes = forms.ModelChoiceField(
        label=_("corrects decision"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("A correction is a new decision that refers to the old one."),
    )
    # one-time token: a double-clicked submit is recorded once (regiekamer.idempotency)
    submission_token = SubmissionTokenField()

    def __init__(self, *args, meeting: SteeringMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supersedes"].queryset = Decision.objects.filter(
            meeting__team=meeting.team
        ).select_related("meeting", "meeting__team")


class EuBarrierForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200, widget=TextInput)
    innovation_function = forms.ModelChoiceField(
        label=_("innovation function"),
        queryset=InnovationFunction.objects.all(),
        help_text=_("The Dutch innovation function (F1-F8) the barrier holds back."),
    )
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.none())
    cluster = forms.ModelChoiceField(
        label=_("product cluster"), queryset=ProductCluster.objects.all(), required=False
    )
    agenda_date = forms.DateField(label=_("put on the EU agenda on"), widget=DateInput)
    forum = forms.CharField(
        label=_("forum"),
        max_length=200,
        widget=TextInput,
        help_text=_("Where it was put on the agenda, e.g. EIP Raw Materials."),
    )
    description = forms.CharField(label=_("description"), required=False, widget=Textarea)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["innovation_function"].label_from_instance = lambda f: f"{f.code} {f.name_nl}"
