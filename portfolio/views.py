"""Portfolio pages. A project's pages need portfolio.view_project (an applicant reads only their own
consortium's projects; the lists show what the user may read); each write page declares its action
(portfolio/permissions.py), checks it on the project it loaded and hands its form to a service."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.authorization import can, permission_required, require
from accounts.models import User
from programme.models import Team
from regiekamer.concurrency import EditConflict
from regiekamer.forms import flash_errors, flash_form_errors, service_saved
from regiekamer.history import render_history
from regiekamer.idempotency import DuplicateSubmission, already_submitted
from regiekamer.pagination import html_page, query_without_page

from . import selectors, services
from .extensions import gate_panels
from .forms import (
    ArtefactForm,
    CriterionConfirmForm,
    DecideForm,
    PortfolioFilterForm,
    ProjectForm,
    ProposeForm,
)
from .models import Artefact, CriterionCheck, Project
from .permissions import visible_projects
from .workflow import leidraad


def _number_param(request, name: str) -> int | None:
    """A whole-number query parameter (?version=2), None when absent or not a number."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _project(number: str) -> Project:
    try:
        return selectors.project_detail(number)
    except Project.DoesNotExist as error:
        raise Http404(_("No project with number %(number)s.") % {"number": number}) from error


def _readable_project(request: HttpRequest, number: str) -> Project:
    """The project `number`, if the user may read it (portfolio.view_project); 403 with the reason if not."""
    project = _project(number)
    require(request.user, "portfolio.view_project", project)
    return project


@permission_required("portfolio.view_portfolio")
def portfolio(request, team_code: str | None = None):
    """The programme-wide portfolio, or one team's portfolio, with filters."""
    team = (
        get_object_or_404(Team.objects.select_related("pillar", "lead"), code=team_code)
        if team_code
        else None
    )
    form = PortfolioFilterForm(request.GET or None, fixed_team=team)
    projects = visible_projects(request.user, selectors.project_list(form.filters(team)))
    # One page of rows; the phase counts over every matching project are counted by the database.
    page = html_page(request, projects)
    workflow = leidraad()
    counts = selectors.phase_counts(projects)
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "form": form,
            "team": team,
            "page": page,
            "projects": page.object_list,
            "workflow": workflow,
            "phase_counts": [(state, counts.get(state.code, 0)) for state in workflow.states],
            "can_create": can(request.user, "portfolio.create_project"),
            "query": query_without_page(request),
            "teams": Team.objects.order_by("order", "name"),
        },
    )


def _form_initial(project: Project) -> dict:
    return {
        "version": project.version,
        "title": project.title,
        "lead_user": project.lead_user_id,
        "start_date": project.start_date,
        "due_date": project.due_date,
        "result_description": project.result_description,
        "resources": project.resources,
        "quality_criteria": project.quality_criteria,
        "description": project.description,
        "actors": project.actors,
        "intended_effect": project.intended_effect,
        "project_type": project.project_type,
        "project_type_source": project.project_type_source,
        "clusters": list(project.clusters.all()),
        "sbi_codes": ", ".join(s.display_code for s in project.sbi_codes.all()),
        "horizons": list(project.horizons.all()),
        "kia_themes": list(project.kia_themes.all()),
        "supraregional_themes": list(project.supraregional_themes.all()),
    }


@permission_required("portfolio.create_project")
def project_create(request):
    form = ProjectForm(
        request.POST or None,
        initial={"team": request.GET.get("team")},
        sets_type=can(request.user, "portfolio.set_project_type"),
    )
    project = (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda data: services.project_create(
                actor=request.user,
                title=data["title"],
                team=data["team"],
                lead_user=data["lead_user"],
                start_date=data["start_date"],
                due_date=data["due_date"],
                result_description=data["result_description"],
                resources=data["resources"],
                quality_criteria=data["quality_criteria"],
                description=data["description"],
                actors=data["actors"],
                intended_effect=data["intended_effect"],
                project_type=data.get("project_type", ""),
                project_type_source=data.get("project_type_source", ""),
                clusters=data["clusters"],
                sbi_codes=data["sbi_codes"],
                horizons=data["horizons"],
                kia_themes=data["kia_themes"],
                supraregional_themes=data["supraregional_themes"],
            ),
        )
    )
    if project:
        messages.success(
            request, _("Project %(number)s started in the initiation phase.") % {"number": project.number}
        )
        return redirect(project)
    return render(request, "portfolio/project_form.html", {"form": form, "project": None})


def _project_update(actor: User, project: Project, cleaned: dict[str, Any]) -> Project:
    data = dict(cleaned)
    version = data.pop("version") or project.version
    clusters, sbi_codes, horizons = data.pop("clusters"), data.pop("sbi_codes"), data.pop("horizons")
    tags = {name: data.pop(name) for name in ("kia_themes", "supraregional_themes")}
    return services.project_update(
        actor=actor,
        project=project,
        expected_version=version,
        clusters=clusters,
        sbi_codes=sbi_codes,
        horizons=horizons,
        **tags,
        **data,
    )


@permission_required("portfolio.edit_project")
def project_edit(request, number: str):
    project = _project(number)
    require(request.user, "portfolio.edit_project", project)
    form = ProjectForm(
        request.POST or None,
        initial=_form_initial(project),
        editing=True,
        sets_type=can(request.user, "portfolio.set_project_type"),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(form, lambda data: _project_update(request.user, project, data))
    ):
        messages.success(request, _("Project saved."))
        return redirect(project)
    return render(request, "portfolio/project_form.html", {"form": form, "project": project})


@permission_required("portfolio.view_project")
def project_detail(request, number: str):
    project = _readable_project(request, number)
    user = request.user
    workflow = leidraad()
    allowed = {
        "edit": can(user, "portfolio.edit_project", project),
        "add_artefact": can(user, "portfolio.add_artefact", project),
        "write_report": can(user, "portfolio.write_progress_report", project),
        "propose": can(user, "portfolio.propose_transition", project),
        "confirm": can(user, "portfolio.confirm_criterion", project),
        "decide": can(user, "portfolio.decide", project),
    }
    gates = selectors.project_gate_overview(project)
    proposals = list(project.proposals.all())
    return render(
        request,
        "portfolio/project_detail.html",
        {
            "project": project,
            "workflow": workflow,
            "track": workflow.track(project.phase),
            "checklist": selectors.project_checklist(project),
            "gates": [
                (workflow.state(target), [(item, selectors.describe_missing(item)) for item in missing])
                for target, missing in gates.items()
            ],
            "artefacts": list(project.artefacts.all()),
            "transitions": list(project.transitions.all()),
            "decisions": list(selectors.project_decisions(project)),
            "open_proposal": next((p for p in proposals if p.status == "open"), None),
            "proposals": proposals,
            "can": allowed,
            "propose_form": ProposeForm(phase=project.phase) if allowed["propose"] else None,
            "decide_form": DecideForm(project=project) if allowed["decide"] else None,
            "sponsor": project.sponsor,
            "gate_panels": gate_panels(request, project),
        },
    )


@permission_required("portfolio.view_project")
def project_history(request, number: str):
    """Every change to the project record (the project page shows the latest)."""
    project = _readable_project(request, number)
    return render_history(request, project, back_url=project.get_absolute_url())


@require_POST
@permission_required("portfolio.confirm_criterion")
def criterion_confirm(request, number: str):
    project = _project(number)
    require(request.user, "portfolio.confirm_criterion", project)
    form = CriterionConfirmForm(request.POST, request.FILES)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(project)
    data = form.cleaned_data
    try:
        check = services.criterion_confirm(
            actor=request.user,
            project=project,
            criterion=data["criterion"],
            holds=data["holds"],
            evidence_file=data["evidence_file"],
            evidence_link=data["evidence_link"],
            note=data["note"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            (_("Confirmed: %(criterion)s") if check.holds else _("Marked as not holding: %(criterion)s"))
            % {"criterion": check.criterion_text},
        )
    return redirect(f"{project.get_absolute_url()}#checklist")


@permission_required("portfolio.add_artefact")
def artefact_add(request, number: str):
    project = _project(number)
    require(request.user, "portfolio.add_artefact", project)
    form = ArtefactForm(
        request.POST or None,
        request.FILES or None,
        initial={"dated": timezone.localdate(), "type": request.GET.get("type")},
    )
    artefact = (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda data: services.artefact_add(
                actor=request.user,
                project=project,
                type=data["type"],
                title=data["title"],
                dated=data["dated"],
                file=data["file"],
                link=data["link"],
                parts=data["parts"],
                signed=data["signed"],
            ),
        )
    )
    if artefact:
        messages.success(request, _("Artefact added: %(artefact)s") % {"artefact": artefact})
        return redirect(f"{project.get_absolute_url()}#artefacts")
    return render(request, "portfolio/artefact_form.html", {"form": form, "project": project})


@permission_required("portfolio.view_project")
def artefact_download(request, number: str, pk: int):
    project = _readable_project(request, number)
    artefact = get_object_or_404(Artefact, project=project, pk=pk)
    if not artefact.file:
        raise Http404(_("This artefact is a link, not a document."))
    return FileResponse(
        artefact.file.open("rb"), as_attachment=True, filename=(artefact.file.name or "").rsplit("/", 1)[-1]
    )


@permission_required("portfolio.view_project")
def evidence_download(request, number: str, pk: int):
    project = _readable_project(request, number)
    check = get_object_or_404(CriterionCheck, project=project, pk=pk)
    if not check.evidence_file:
        raise Http404(_("No evidence document."))
    return FileResponse(
        check.evidence_file.open("rb"),
        as_attachment=True,
        filename=(check.evidence_file.name or "").rsplit("/", 1)[-1],
    )


@require_POST
@permission_required("portfolio.propose_transition")
def transition_propose(request, number: str):
    project = _project(number)
    require(request.user, "portfolio.propose_transition", project)
    form = ProposeForm(request.POST, phase=project.phase)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose a phase the Leidraad allows from %(phase)s.") % {"phase": project.phase_state.name},
        )
        return redirect(project)
    try:
        proposal = services.transition_propose(
            actor=request.user,
            project=project,
            target=form.cleaned_data["target"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if proposal.missing:
            messages.warning(
                request,
                ngettext(
                    "Proposal sent to the steering meeting. Still missing: %(count)s item, listed under "
                    "the gate.",
                    "Proposal sent to the steering meeting. Still missing: %(count)s items, listed under "
                    "the gate.",
                    len(proposal.missing),
                )
                % {"count": len(proposal.missing)},
            )
        else:
            messages.success(request, _("Proposal sent to the steering meeting; nothing is missing."))
    return redirect(f"{project.get_absolute_url()}#gate")


@require_POST
@permission_required("portfolio.decide")
def decide(request, number: str):
    project = _project(number)
    require(request.user, "portfolio.decide", project)
    if duplicate := already_submitted(request):  # a double-click: the first submit was recorded and applied
        messages.info(request, duplicate.message)
        return redirect(project)
    form = DecideForm(request.POST, project=project)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(f"{project.get_absolute_url()}#decide")
    data = form.cleaned_data
    meeting = form.meetings.get(data["meeting"])  # None: a new meeting today (NEW_MEETING)
    decide = (
        partial(services.project_decide, meeting=meeting)
        if meeting is not None
        else services.project_decide_at_new_meeting
    )
    try:
        transition = decide(
            actor=request.user,
            project=project,
            action=data["action"],
            text=data["text"],
            reasoning=data["reasoning"],
            submission_token=data["submission_token"],
        )
    except DuplicateSubmission as duplicate:  # a double-click: the first submit was recorded and applied
        messages.info(request, duplicate.message)
    except (ValidationError, EditConflict) as error:  # a refused gate (GateNotMet) lists what is missing
        flash_errors(request, error)
    else:
        messages.success(
            request, _("Decision %(decision)s recorded and applied.") % {"decision": transition.decision}
        )
    return redirect(project)


@permission_required("portfolio.view_project")
def impact_sheet(request, number: str):
    """The current impact sheet (or ?version=N), with its CO₂ total computed from the bands."""
    from .printing import impact_sheet_context

    project = _readable_project(request, number)
    version = _number_param(request, "version")
    sheet = selectors.impact_sheet_for(project, version)
    if request.GET.get("version") and sheet is None:
        raise Http404(_("No such version of the impact sheet."))
    return _page_or_pdf(
        request,
        "portfolio/impact_sheet",
        f"impactsheet-{project.number}.pdf",
        {
            **impact_sheet_context(project, sheet),
            "versions": selectors.impact_sheet_versions(project),
            "can_edit": can(request.user, "portfolio.edit_impact_sheet", project),
        },
    )


@permission_required("portfolio.view_project")
def progress_report(request, number: str):
    """The latest progress report (or ?report=pk): timeline, phase from the gates, finance computed."""
    from .printing import progress_report_context

    project = _readable_project(request, number)
    report = selectors.progress_report_for(project, _number_param(request, "report"))
    if request.GET.get("report") and report is None:
        raise Http404(_("No such progress report."))
    return _page_or_pdf(
        request,
        "portfolio/progress_report",
        f"voortgangsrapportage-{project.number}.pdf",
        {
            **progress_report_context(project, report),
            "reports": selectors.progress_reports_of(project),
            "can_edit": can(request.user, "portfolio.write_progress_report", project),
        },
    )


def _save_entry(request, entry, save):
    """On POST: validate the form and its rows and call `save(**values)`; what the service refuses is put next
    to the input it concerns. Returns what `save` returned, or None (show the form again)."""
    if request.method != "POST" or not entry.is_valid():
        return None
    return service_saved(entry, lambda values: save(**values))


@permission_required("portfolio.edit_impact_sheet")
def impact_sheet_edit(request, number: str):
    """The project lead (or the programme office) edits the impact sheet in the browser; saving makes the
    next version, pre-filled from the current one."""
    from .forms import ImpactSheetEntry

    project = _project(number)
    require(request.user, "portfolio.edit_impact_sheet", project)
    current = selectors.impact_sheet_for(project)
    entry = ImpactSheetEntry(
        request.POST or None,
        sheet_data=services.impact_sheet_data(current) if current else None,
        version=current.version_number if current else 0,
        today=timezone.localdate(),
    )
    sheet = _save_entry(
        request, entry, partial(services.impact_sheet_save, actor=request.user, project=project)
    )
    if sheet is not None:
        messages.success(
            request, _("Impact sheet saved as version %(version)s.") % {"version": sheet.version_number}
        )
        return redirect("portfolio:impact-sheet", number=project.number)
    return render(
        request, "portfolio/impact_sheet_form.html", {"project": project, "entry": entry, "current": current}
    )


@permission_required("portfolio.write_progress_report")
def progress_report_new(request, number: str):
    """The project lead (or the programme office) writes a new progress report, pre-filled from the latest;
    every report is kept."""
    from .forms import ProgressReportEntry

    project = _project(number)
    require(request.user, "portfolio.write_progress_report", project)
    entry = ProgressReportEntry(
        request.POST or None,
        project=project,
        latest=selectors.progress_report_for(project),
        today=timezone.localdate(),
    )
    report = _save_entry(
        request, entry, partial(services.progress_report_create, actor=request.user, project=project)
    )
    if report is not None:
        messages.success(
            request,
            _("Progress report of %(date)s saved; earlier reports are kept.")
            % {"date": date_format(report.report_date, "SHORT_DATE_FORMAT")},
        )
        page = reverse("portfolio:progress-report", args=[project.number])
        return redirect(f"{page}?report={report.pk}")
    return render(request, "portfolio/progress_report_form.html", {"project": project, "entry": entry})


@permission_required("portfolio.view_project")
def impact_sheet_export(request, number: str):
    """The current impact sheet as the Excel template (an empty template when there is none yet)."""
    from catalogue.models import InnovationFunction

    from . import impact_xlsx

    project = _readable_project(request, number)
    sheet = selectors.impact_sheet_for(project)
    data = services.impact_sheet_data(sheet) if sheet else {"status_date": timezone.localdate()}
    response = HttpResponse(
        impact_xlsx.export(
            project_number=project.number,
            data=data,
            based_on_version=sheet.version_number if sheet else 0,
            innovation_names=dict(InnovationFunction.objects.values_list("code", "name_nl")),
        ),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="impactsheet-{project.number}.xlsx"'
    return response


@permission_required("portfolio.edit_impact_sheet")
def impact_sheet_import(request, number: str):
    """Upload a filled template: refused whole, with sheet, cell and reason, or saved as the next version."""
    from .forms import ImpactImportForm

    project = _project(number)
    require(request.user, "portfolio.edit_impact_sheet", project)
    form = ImpactImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = services.impact_sheet_import(actor=request.user, project=project, content=upload.read())
        except services.ImportRejected as error:
            problems = [str(problem) for problem in error.problems]
        else:
            messages.success(
                request,
                _("Impact sheet imported as version %(version)s.") % {"version": sheet.version_number},
            )
            return redirect("portfolio:impact-sheet", number=project.number)
    return render(
        request, "portfolio/impact_import.html", {"form": form, "project": project, "problems": problems}
    )


def _page_or_pdf(request, template: str, filename: str, context: dict):
    """The HTML page, or with ?format=pdf the one-page sheet rendered by WeasyPrint."""
    if request.GET.get("format") != "pdf":
        return render(request, f"{template}.html", context)
    if not context.get("sheet", context.get("report")):
        raise Http404(_("Nothing to print yet."))
    from django.template.loader import render_to_string

    from regiekamer.pdf import html_to_pdf

    html = render_to_string(f"{template}_pdf.html", context, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@permission_required("portfolio.view_project")
def progress_report_export(request, number: str):
    from .export import progress_report_workbook

    project = _readable_project(request, number)
    report = selectors.progress_report_for(project)
    if report is None:
        raise Http404(_("No such progress report."))
    response = HttpResponse(
        progress_report_workbook(report, project=project),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="voortgangsrapportage-{project.number}.xlsx"'
    return response


@require_POST
@permission_required("portfolio.join_collaboration")
def organisation_join(request, pk: int):
    """From an organisation's page in the register: it takes part in a portfolio project."""
    from stakeholders.models import Organisation

    from .forms import CollaborationJoinForm

    organisation = get_object_or_404(Organisation, pk=pk)
    form = CollaborationJoinForm(request.POST)
    member = form.is_valid() and service_saved(
        form,
        lambda data: services.project_collaboration_join(
            project=data["project"], organisation=organisation, role=data["role"], actor=request.user
        ),
    )
    if member:
        messages.success(
            request,
            _("%(organisation)s takes part in %(project)s.")
            % {"organisation": organisation, "project": member.collaboration},
        )
    else:
        flash_form_errors(request, form)
    return redirect(organisation)
