"""Pages of the rhythm: "Mijn werk", the inbox, notification settings, overdue reports, the reporting
calendar and a project's reporting cycle."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.authorization import can, permission_required, require
from portfolio.models import Project
from programme.models import Team
from regiekamer.forms import flash_errors, service_saved
from regiekamer.pagination import html_page, query_without_page

from . import selectors, services, texts
from .forms import CycleForm, PreferencesForm
from .models import Channel, Kind, MailLanguage, Notification, Preference

CALENDAR_PAGE_SIZE = 50


@permission_required("rhythm.view_my_work")
def my_work(request) -> HttpResponse:
    """What waits for the signed-in person: reports to write, approvals, decisions to prepare, assessments,
    the next meetings and recent changes to what they follow."""
    today = timezone.localdate()
    work = selectors.my_work(request.user, today)
    notifications = [(n, texts.title(n.kind, n.params)) for n in work.notifications]
    return render(
        request, "rhythm/my_work.html", {"work": work, "today": today, "recent_notifications": notifications}
    )


@permission_required("rhythm.view_inbox", POST="rhythm.view_inbox")
def inbox(request) -> HttpResponse:
    if request.method == "POST":
        count = services.notifications_all_read(actor=request.user)
        if count:
            messages.success(request, _("All notifications marked as read."))
        return redirect("rhythm:inbox")
    page = html_page(
        request, Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk")
    )
    rows = [(n, texts.title(n.kind, n.params)) for n in page.object_list]
    return render(
        request, "rhythm/inbox.html", {"page": page, "rows": rows, "query": query_without_page(request)}
    )


@require_POST
@permission_required("rhythm.view_inbox")
def notification_open(request, pk: int) -> HttpResponse:
    """Mark a notification read and go where it points."""
    notification = Notification.objects.filter(pk=pk, recipient=request.user).first()
    if notification is None:  # someone else's (or gone): nothing to open, nothing said about it
        return redirect("rhythm:inbox")
    services.notification_read(actor=request.user, notification=notification)
    target = notification.link
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("rhythm:inbox")


@permission_required("rhythm.manage_preferences", POST="rhythm.manage_preferences")
def preferences(request) -> HttpResponse:
    stored = dict(Preference.objects.filter(user=request.user).values_list("kind", "channel"))
    initial = {kind.value: stored.get(kind.value, Channel.EMAIL) for kind in Kind}
    initial["language"] = (
        MailLanguage.objects.filter(user=request.user).values_list("language", flat=True).first() or "nl"
    )
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        language = data.pop("language")
        saved = service_saved(
            form,
            lambda _data: (
                services.preferences_set(actor=request.user, channels=data, language=language) or True
            ),
        )
        if saved is not None:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("rhythm:preferences")
    return render(request, "rhythm/preferences.html", {"form": form, "has_email": bool(request.user.email)})


@permission_required("rhythm.view_calendar")
def overdue(request, code: str | None = None) -> HttpResponse:
    """Progress reports that are late: programme-wide, or of one team (paged, the longest late first)."""
    team = get_object_or_404(Team, code=code) if code else None
    today = timezone.localdate()
    page = html_page(request, selectors.overdue_projects(today, team=team), per_page=CALENDAR_PAGE_SIZE)
    rows = [selectors.project_due(project, today) for project in page.object_list]
    teams = selectors.teams_with_projects()
    return render(
        request,
        "rhythm/overdue.html",
        {
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            "team": team,
            "teams": teams,
            "today": today,
            "can_run": _can_run(request),
        },
    )


def _can_run(request) -> bool:
    return can(request.user, "rhythm.run_schedule")


@permission_required("rhythm.view_calendar")
def calendar_page(request) -> HttpResponse:
    """Every running project's reporting cycle and the report it owes (paged)."""
    today = timezone.localdate()
    page = html_page(request, selectors._projects(), per_page=CALENDAR_PAGE_SIZE)
    rows = [selectors.project_due(project, today) for project in page.object_list]
    # "Set cycle" on the rows the reader may set (the office: every row; a team lead: their team's projects).
    settable = (
        {item.project.pk for item in rows if can(request.user, "rhythm.set_reporting_cycle", item.project)}
        if can(request.user, "rhythm.set_reporting_cycle")
        else set()
    )
    return render(
        request,
        "rhythm/calendar.html",
        {
            "page": page,
            "rows": rows,
            "today": today,
            "query": query_without_page(request),
            "settable": settable,
        },
    )


@permission_required("rhythm.set_reporting_cycle", POST="rhythm.set_reporting_cycle")
def cycle_edit(request, number: str) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("team"), number=number)
    require(request.user, "rhythm.set_reporting_cycle", project)
    current = getattr(project, "reporting_cycle", None)
    initial = (
        {"months": current.months, "starts_on": current.starts_on, "version": current.version}
        if current
        else {"months": 3, "starts_on": project.start_date}
    )
    form = CycleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        saved = service_saved(
            form,
            lambda _data: services.cycle_set(
                actor=request.user,
                project=project,
                months=data["months"],
                starts_on=data["starts_on"],
                expected_version=version,
            ),
        )
        if saved is not None:
            messages.success(
                request, _("The reporting cycle of %(project)s is saved.") % {"project": project.number}
            )
            return redirect("rhythm:calendar")
    return render(request, "rhythm/cycle_form.html", {"form": form, "project": project, "current": current})


@require_POST
@permission_required("rhythm.run_schedule")
def run_now(request) -> HttpResponse:
    """Start the scheduled run now (it runs every quarter of an hour by itself)."""
    try:
        job = services.tick_start(actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("rhythm:overdue")
    return redirect(reverse("jobs:detail", kwargs={"pk": job.pk}))
