"""Programme pages. Thin: read through selectors, write through services, map their errors onto forms."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.authorization import can, permission_required, require
from regiekamer.forms import flash_errors, flash_form_errors, service_saved
from regiekamer.history import render_history
from regiekamer.idempotency import DuplicateSubmission, already_submitted
from regiekamer.pagination import html_page, query_without_page

from . import ical, selectors, services
from .extensions import team_panels
from .forms import (
    DecisionForm,
    EuBarrierForm,
    MeetingEntry,
    PersonForm,
    RoleAssignmentForm,
    TeamForm,
    TeamTaskForm,
    ZichtlijnForm,
)
from .models import CalendarFeed, Decision, RoleAssignment, SteeringMeeting, Team, TeamTask, ZichtlijnEntry

STRUCTURE_KINDS = ("role", "task", "zichtlijn")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required("programme.view_team")
def team_list(request):
    teams = list(selectors.team_list())
    can_see_meetings = can(request.user, "programme.view_meetings")
    violations = selectors.linking_pin_violations() if can_see_meetings else []
    return render(
        request,
        "programme/team_list.html",
        {
            "teams": teams,
            "violations": violations,
            "can_edit": can(request.user, "programme.edit_structure"),
            "can_see_meetings": can_see_meetings,
        },
    )


def _horizon_groups(items):
    """[(horizon or None, [items])] keeping the order given (longest horizon first, overall tasks last)."""
    groups: list = []
    for item in items:
        if groups and groups[-1][0] == item.horizon:
            groups[-1][1].append(item)
        else:
            groups.append((item.horizon, [item]))
    return groups


@permission_required("programme.view_team")
def team_detail(request, code):
    try:
        team = selectors.team_detail(code)
    except Team.DoesNotExist:
        raise Http404 from None
    tasks = sorted(team.tasks.all(), key=lambda t: (-(t.horizon.months if t.horizon else 10**6), t.order))
    roles = sorted(team.roles.all(), key=lambda r: (-(r.horizon.months if r.horizon else 10**6), r.order))
    can_see_meetings = can(request.user, "programme.view_meetings")
    can_edit = can(request.user, "programme.edit_structure")
    context = {
        "team": team,
        "task_groups": _horizon_groups(tasks),
        "role_groups": _horizon_groups(roles),
        "zichtlijn_groups": [
            (label, [e for e in team.zichtlijn.all() if e.kind == kind])
            for kind, label in ZichtlijnEntry.Kind.choices
        ],
        "meetings": selectors.meetings_for_team(team) if can_see_meetings else None,
        "can_manage_meetings": can(request.user, "programme.manage_meetings", team),
        "can_edit": can_edit,
        "panels": team_panels(request, team),
    }
    if can_edit:
        context.update(
            role_form=RoleAssignmentForm(prefix="role"),
            task_form=TeamTaskForm(prefix="task"),
            zichtlijn_form=ZichtlijnForm(prefix="zl"),
        )
    return render(request, "programme/team_detail.html", context)


@permission_required("programme.edit_structure")
def team_edit(request, code):
    team = get_object_or_404(Team, code=code)
    initial = {
        "name": team.name,
        "purpose": team.purpose,
        "description": team.description,
        "project_type": team.project_type,
        "lead": team.lead,
        "linking_pin": team.linking_pin,
        "meeting_members": list(team.meeting_members.all()),
        "version": team.version,
    }
    form = TeamForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda data: services.team_update(
                team=team,
                expected_version=data["version"],
                actor=request.user,
                name=data["name"],
                purpose=data["purpose"],
                description=data["description"],
                project_type=data["project_type"],
                lead=data["lead"],
                linking_pin=data["linking_pin"],
                meeting_members=data["meeting_members"],
            ),
        )
    ):
        messages.success(request, _("Team saved."))
        return redirect(team)
    return render(request, "programme/team_form.html", {"team": team, "form": form})


@require_POST
@permission_required("programme.edit_structure")
def team_structure_add(request, code, what):
    """Add a role, task or zichtlijn entry (programme office)."""
    if what not in STRUCTURE_KINDS:
        raise Http404
    team = get_object_or_404(Team, code=code)
    form_class, prefix = {
        "role": (RoleAssignmentForm, "role"),
        "task": (TeamTaskForm, "task"),
        "zichtlijn": (ZichtlijnForm, "zl"),
    }[what]
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if what == "role":
                services.role_assignment_create(
                    actor=request.user,
                    team=team,
                    horizon=data["horizon"],
                    title=data["title"],
                    person=data["person"],
                )
            elif what == "task":
                services.team_task_create(
                    actor=request.user,
                    team=team,
                    horizon=data["horizon"],
                    heading=data["heading"],
                    text=data["text"],
                )
            else:
                services.zichtlijn_entry_create(
                    actor=request.user, team=team, kind=data["kind"], text=data["text"]
                )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Added."))
    else:
        flash_form_errors(request, form)
    return redirect(team)


@require_POST
@permission_required("programme.edit_structure")
def team_structure_delete(request, code, what, pk):
    if what not in STRUCTURE_KINDS:
        raise Http404
    team = get_object_or_404(Team, code=code)
    try:
        if what == "role":
            services.role_assignment_delete(
                actor=request.user, assignment=get_object_or_404(RoleAssignment, pk=pk, team=team)
            )
        elif what == "task":
            services.team_task_delete(actor=request.user, task=get_object_or_404(TeamTask, pk=pk, team=team))
        else:
            services.zichtlijn_entry_delete(
                actor=request.user, entry=get_object_or_404(ZichtlijnEntry, pk=pk, team=team)
            )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Removed."))
    return redirect(team)


@permission_required("programme.edit_structure")
def person_create(request):
    form = PersonForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(form, lambda data: services.person_create(actor=request.user, **data))
    ):
        messages.success(request, _("Person added."))
        return redirect("programme:team-list")
    return render(request, "programme/person_form.html", {"form": form})


@permission_required("programme.view_team")
def team_history(request, code):
    team = get_object_or_404(Team, code=code)
    return render_history(
        request,
        team,
        back_url=team.get_absolute_url(),
        extra={"structure": selectors.structure_history(team)},
        template="programme/history.html",
    )


# --- steering meetings ---


@permission_required("programme.view_meetings")
def meeting_list(request):
    return render(request, "programme/meeting_list.html", {"meetings": selectors.meeting_list()})


@permission_required("programme.manage_meetings")
def meeting_create(request, code):
    team = get_object_or_404(Team, code=code)
    require(request.user, "programme.manage_meetings", team)
    entry = MeetingEntry(request.POST or None, team=team)
    meeting = (
        request.method == "POST"
        and entry.is_valid()
        and service_saved(entry, lambda data: services.meeting_create(team=team, actor=request.user, **data))
    )
    if meeting:
        messages.success(request, _("Steering meeting created."))
        return redirect(meeting)
    return render(request, "programme/meeting_form.html", {"team": team, "entry": entry, "meeting": None})


def _meeting(pk) -> SteeringMeeting:
    try:
        return selectors.meeting_detail(pk)
    except SteeringMeeting.DoesNotExist:
        raise Http404 from None


@permission_required("programme.view_meetings")
def meeting_detail(request, pk):
    meeting = _meeting(pk)
    can_manage = can(request.user, "programme.manage_meetings", meeting.team) and not meeting.is_closed
    can_decide = can(request.user, "programme.record_decision", meeting.team) and not meeting.is_closed
    return render(
        request,
        "programme/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": selectors.agenda_of(meeting, decide=can_decide),
            "decisions": list(meeting.decisions.all()),
            "can_manage": can_manage,
            "decision_form": DecisionForm(meeting=meeting) if can_decide else None,
        },
    )


@permission_required("programme.manage_meetings")
def meeting_edit(request, pk):
    meeting = _meeting(pk)
    require(request.user, "programme.manage_meetings", meeting.team)
    if meeting.is_closed:
        messages.error(request, str(services.MeetingClosed(meeting).message))
        return redirect(meeting)
    entry = MeetingEntry(request.POST or None, team=meeting.team, meeting=meeting)

    def save(data):
        version = data.pop("version")
        return services.meeting_update(meeting=meeting, expected_version=version, actor=request.user, **data)

    if request.method == "POST" and entry.is_valid() and service_saved(entry, save):
        messages.success(request, _("Steering meeting saved."))
        return redirect(meeting)
    return render(
        request, "programme/meeting_form.html", {"team": meeting.team, "entry": entry, "meeting": meeting}
    )


@require_POST
@permission_required("programme.manage_meetings")
def meeting_close(request, pk):
    meeting = get_object_or_404(SteeringMeeting.objects.select_related("team"), pk=pk)
    require(request.user, "programme.manage_meetings", meeting.team)
    try:
        services.meeting_close(meeting=meeting, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The steering meeting is closed; its decisions are final."))
    return redirect(meeting)


@require_POST
@permission_required("programme.record_decision")
def decision_create(request, pk):
    meeting = get_object_or_404(SteeringMeeting.objects.select_related("team"), pk=pk)
    require(request.user, "programme.record_decision", meeting.team)
    if duplicate := already_submitted(request):  # a double-click: the first submit was recorded
        messages.info(request, duplicate.message)
        return redirect(meeting)
    form = DecisionForm(request.POST, meeting=meeting)
    try:
        decision = form.is_valid() and service_saved(
            form, lambda data: services.decision_record(meeting=meeting, actor=request.user, **data)
        )
    except DuplicateSubmission as duplicate:  # a double-click: the first submit was recorded
        messages.info(request, duplicate.message)
        return redirect(meeting)
    if decision:
        messages.success(request, _("Decision %(number)s recorded.") % {"number": decision.sequence})
        return redirect(meeting)
    detail = _meeting(pk)
    return render(
        request,
        "programme/meeting_detail.html",
        {
            "meeting": detail,
            "decisions": list(detail.decisions.all()),
            "can_manage": not detail.is_closed,
            "decision_form": form,
        },
        status=400,
    )


def _decision_filter(request) -> Team | None:
    code = request.GET.get("team", "")
    return get_object_or_404(Team, code=code) if code else None


@permission_required("programme.view_meetings")
def decision_list(request):
    """Every decision of the steering meetings, programme-wide or for one team (?team=code)."""
    team = _decision_filter(request)
    page = html_page(request, selectors.decision_list(team_code=team.code if team else ""))
    return render(
        request,
        "programme/decision_list.html",
        {
            "page": page,
            "decisions": page.object_list,
            "team": team,
            "teams": Team.objects.order_by("order", "name"),
            "query": query_without_page(request),
        },
    )


@permission_required("programme.view_meetings")
def meeting_history(request, pk):
    meeting = get_object_or_404(SteeringMeeting, pk=pk)
    return render_history(request, meeting, back_url=meeting.get_absolute_url())


@permission_required("programme.view_meetings")
def decision_history(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    return render_history(request, decision, back_url=decision.get_absolute_url())


# --- barriers on the EU agenda ---


def _eu_barrier_teams(user) -> list[Team]:
    """The teams `user` may register a barrier for (the rule decides, per team)."""
    return [
        team
        for team in Team.objects.order_by("order", "name")
        if can(user, "programme.register_eu_barrier", team)
    ]


@permission_required("programme.view_eu_barriers")
def eu_barrier_list(request):
    return render(
        request,
        "programme/eu_barrier_list.html",
        {
            "barriers": selectors.eu_barrier_list(),
            "can_register": can(request.user, "programme.register_eu_barrier"),
        },
    )


@permission_required("programme.register_eu_barrier")
def eu_barrier_create(request):
    teams = _eu_barrier_teams(request.user)
    form = EuBarrierForm(
        request.POST or None,
        teams=Team.objects.filter(pk__in=[team.pk for team in teams]),
        initial={"team": teams[0] if len(teams) == 1 else None},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(form, lambda data: services.eu_barrier_create(actor=request.user, **data))
    ):
        messages.success(request, _("Barrier registered."))
        return redirect("programme:eu-barrier-list")
    return render(request, "programme/eu_barrier_form.html", {"form": form})


# --- calendar subscription (iCalendar) ---


@permission_required("programme.subscribe_calendar")
def calendar_subscription(request):
    """Make (or renew) or revoke one's calendar subscription URL; the new URL is shown once."""
    token = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            services.calendar_feed_revoke(actor=request.user)
            messages.success(
                request, _("Your calendar subscription has been revoked; the old address no longer works.")
            )
            return redirect("programme:calendar")
        token = services.calendar_feed_issue(actor=request.user)
    teams = Team.objects.order_by("order", "name")
    links = (
        [
            (team, request.build_absolute_uri(reverse("programme:calendar-feed", args=[token, team.code])))
            for team in teams
        ]
        if token
        else []
    )
    return render(
        request,
        "programme/calendar.html",
        {"links": links, "subscribed": CalendarFeed.objects.filter(user=request.user).exists()},
    )


@login_not_required
def calendar_feed(request, token: str, code: str):
    """A team's steering meetings as iCalendar, for the calendar application of the person whose token it is
    (no session: calendar applications cannot sign in). An unknown or revoked token is a 404."""
    user = selectors.calendar_feed_user(token)
    if user is None:
        raise Http404
    require(user, "programme.view_meetings")
    team = get_object_or_404(Team, code=code)
    events = [
        ical.Event(
            uid=f"kbo-{meeting.pk}@regiekamer",
            date=meeting.date,
            start=meeting.start_time,
            summary=_("Steering meeting %(team)s") % {"team": team.name},
            location=meeting.location,
            description=meeting.agenda_text,
            url=request.build_absolute_uri(meeting.get_absolute_url()),
        )
        for meeting in selectors.team_meetings_for_calendar(team)
    ]
    body = ical.calendar(
        events,
        name=_("Steering meetings %(team)s") % {"team": team.name},
        timezone_name=settings.TIME_ZONE,
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="kbo-{team.code}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# The feed authenticates by its token instead of a session; the role matrix checks it as the token's user.
calendar_feed.permission_action = "programme.view_meetings"  # type: ignore[attr-defined]
calendar_feed.authenticates_with_token = True  # type: ignore[attr-defined]
