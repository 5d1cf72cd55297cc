"""Pages of the stakeholder analysis. Thin: forms validate, services write, selectors read.

Who sees what: the register, organisation pages, coverage and network are for the programme roles and readers;
person records, issue analysis, Mendelow, communication plan and risk register are for the programme roles
only (personal data); changes are made by the programme office, the Regieteam and team leads."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import PROGRAMME_ROLES, Role
from regiekamer.concurrency import EditConflict

from . import exports, forms, importer, selectors, services
from .extensions import organisation_panels
from .models import (
    FuzzyMatch,
    ImportBatch,
    Innovation,
    IssueAnalysis,
    Organisation,
    PeopleExportLog,
    RiskEntry,
    Source,
)

VIEW_ROLES = frozenset(PROGRAMME_ROLES | {Role.READER})
PEOPLE_ROLES = frozenset(PROGRAMME_ROLES)
EDITOR_ROLES = services.EDITOR_ROLES


def roles_required(roles):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not (request.user.roles & roles):
                raise PermissionDenied(_("Your role does not give access to this page."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _filters(request) -> tuple[forms.RegisterFilterForm, dict]:
    form = forms.RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, filters


def _query_string(filters: dict) -> str:
    return urlencode({k: v for k, v in filters.items() if v})


@roles_required(VIEW_ROLES)
def organisation_list(request):
    form, filters = _filters(request)
    qs = selectors.organisation_list(filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/organisation_list.html",
        {
            "form": form,
            "page": page,
            "per_province": selectors.organisations_per_province(qs),
            "query": _query_string(filters),
            "can_edit": services.can_edit(request.user),
            "can_see_people": services.can_see_people(request.user),
        },
    )


@roles_required(VIEW_ROLES)
def organisation_export(request):
    _form, filters = _filters(request)
    data = exports.organisations_xlsx(selectors.organisation_list(filters=filters))
    return _xlsx_response(data, "stakeholders-register")


@roles_required(PEOPLE_ROLES)
def people_list(request):
    people = selectors.people_list()
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/people_list.html",
        {"page": page, "exports": PeopleExportLog.objects.select_related("user")[:10]},
    )


@roles_required(PEOPLE_ROLES)
def people_export(request):
    """Person records are personal data: every export is logged with who, when and how many rows."""
    people = selectors.people_list()
    data, rows = exports.people_xlsx(people)
    services.people_export_log(actor=request.user, query=request.GET.urlencode(), rows=rows)
    return _xlsx_response(data, "stakeholders-people")


def _xlsx_response(data: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@roles_required(VIEW_ROLES)
def organisation_detail(request, pk: int):
    try:
        organisation = selectors.organisation_detail(pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404(_("No such organisation.")) from exc
    can_edit = services.can_edit(request.user)
    see_people = services.can_see_people(request.user)
    context = {
        "organisation": organisation,
        "trail": selectors.decision_trail(organisation=organisation),
        "collaborations": selectors.collaboration_partners(organisation=organisation),
        "panels": organisation_panels(request, organisation),
        "proposal": services.sector_propose(organisation=organisation),
        "history": organisation.history.select_related("history_user")[:20],
        "can_edit": can_edit,
        "can_see_people": see_people,
    }
    if see_people:
        context["people"] = organisation.people.all()
        context["analyses"] = organisation.issue_analyses.select_related("person")
        context["risks"] = organisation.risks.select_related("person")
    if can_edit:
        version = {"version": organisation.version}
        context.update(
            {
                "sector_form": forms.SectorForm(
                    initial={**version, "sector": organisation.sector or context["proposal"]}
                ),
                "relevance_form": forms.RelevanceForm(
                    initial={**version, "role": organisation.relevance_role}
                ),
                "frontrunner_form": forms.FrontrunnerOverrideForm(
                    initial={
                        **version,
                        "category": organisation.frontrunner_class
                        if organisation.frontrunner_overridden
                        else "",
                    }
                ),
                "collaboration_form": forms.CollaborationForm(),
                "team_form": forms.TeamRelevanceForm(),
                "innovation_form": forms.InnovationCreateForm(),
                "person_form": forms.PersonForm(),
            }
        )
    return render(request, "stakeholders/organisation_detail.html", context)


@roles_required(EDITOR_ROLES)
def organisation_create(request):
    form = forms.OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            organisation = services.organisation_create(actor=request.user, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect(organisation)
    return render(request, "stakeholders/organisation_form.html", {"form": form})


@roles_required(EDITOR_ROLES)
def organisation_edit(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = forms.OrganisationForm(request.POST or None, instance=organisation)
    version = int(request.POST.get("version", organisation.version)) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.organisation_update(
                organisation=Organisation.objects.get(pk=pk),
                expected_version=version,
                actor=request.user,
                **data,
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(organisation)
    return render(
        request, "stakeholders/organisation_form.html", {"form": form, "organisation": organisation}
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "message_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _post_action(request, pk: int, form_class, action, back: str | None = None):
    """Run a categorisation form posted from the organisation page (or the page named `back`); errors come
    back as messages."""
    organisation = get_object_or_404(Organisation, pk=pk)
    target = back or organisation
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect(target)
    try:
        action(organisation, form.cleaned_data)
    except (EditConflict, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect(target)


def _organisation_action(form_class, service, *, back: str | None = None):
    """A form posted about one organisation from its page (or the page named `back`): a categorisation step,
    a collaboration, a team relevance, a person, a coverage verdict. The service gets the organisation, the
    acting user and the form's fields by name (the form's `version` as `expected_version`)."""

    @require_POST
    @roles_required(EDITOR_ROLES)
    def view(request, pk: int):
        def action(organisation, data):
            fields = dict(data)
            if "version" in fields:
                fields["expected_version"] = fields.pop("version")
            return service(organisation=organisation, actor=request.user, **fields)

        return _post_action(request, pk, form_class, action, back=back)

    view.__name__ = service.__name__
    return view


sector_confirm = _organisation_action(forms.SectorForm, services.sector_confirm)
relevance_set = _organisation_action(forms.RelevanceForm, services.relevance_set)
frontrunner_override = _organisation_action(forms.FrontrunnerOverrideForm, services.frontrunner_override)
collaboration_join = _organisation_action(forms.CollaborationForm, services.collaboration_join)
team_relevance_add = _organisation_action(forms.TeamRelevanceForm, services.team_relevance_set)
person_add = _organisation_action(forms.PersonForm, services.person_create)


@require_POST
@roles_required(EDITOR_ROLES)
def innovation_add(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = forms.InnovationCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the innovation a title."))
        return redirect(organisation)
    innovation = services.innovation_create(
        organisation=organisation,
        actor=request.user,
        title=form.cleaned_data["title"],
        description=form.cleaned_data["description"],
    )
    return redirect("stakeholders:innovation-categorise", pk=innovation.pk)


@roles_required(EDITOR_ROLES)
def innovation_categorise(request, pk: int):
    innovation = get_object_or_404(Innovation.objects.select_related("organisation"), pk=pk)
    if request.method == "POST":
        form = forms.InnovationCategoriseForm(request.POST)
        if form.is_valid():
            try:
                services.innovation_categorise(
                    innovation=innovation,
                    expected_version=form.cleaned_data["version"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    values=form.values(),
                    critical_raw_materials=form.cleaned_data["critical_raw_materials"],
                    value_retention_forms=form.cleaned_data["value_retention_forms"],
                )
            except EditConflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Categorisation saved; the class has been recomputed."))
                return redirect(innovation.organisation)
    else:
        form = forms.InnovationCategoriseForm(initial=forms.InnovationCategoriseForm.initial_for(innovation))
    return render(request, "stakeholders/innovation_form.html", {"form": form, "innovation": innovation})


# --- Engagement (programme roles only) ----------------------------------------------------------------------


@roles_required(PEOPLE_ROLES)
def mendelow(request):
    can_edit = services.can_edit(request.user)
    form = forms.IssueAnalysisForm(
        request.POST or None, initial={"organisation": request.GET.get("organisation")}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            organisation = data.pop("organisation")
            analysis = services.issue_analysis_save(organisation=organisation, actor=request.user, **data)
            messages.success(
                request,
                _("%(name)s placed in the matrix: %(type)s.")
                % {"name": organisation, "type": analysis.get_quadrant_display()},
            )
            return redirect("stakeholders:mendelow")
    return render(
        request,
        "stakeholders/mendelow.html",
        {"grid": selectors.mendelow_grid(), "form": form, "can_edit": can_edit},
    )


@roles_required(PEOPLE_ROLES)
def issue_detail(request, pk: int):
    analysis = get_object_or_404(IssueAnalysis.objects.select_related("organisation", "person"), pk=pk)
    can_edit = services.can_edit(request.user)
    move_form = forms.MendelowMoveForm(
        initial={"version": analysis.version, "influence": analysis.influence, "interest": analysis.interest}
    )
    communication_form = forms.CommunicationForm()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "channel" in request.POST:
            communication_form = forms.CommunicationForm(request.POST)
            if communication_form.is_valid():
                services.communication_entry_create(
                    analysis=analysis, actor=request.user, **communication_form.cleaned_data
                )
                messages.success(request, _("Saved."))
                return redirect("stakeholders:issue-detail", pk=pk)
        else:
            move_form = forms.MendelowMoveForm(request.POST)
            if move_form.is_valid():
                try:
                    services.mendelow_place(
                        analysis=analysis,
                        influence=move_form.cleaned_data["influence"],
                        interest=move_form.cleaned_data["interest"],
                        actor=request.user,
                        expected_version=move_form.cleaned_data["version"],
                    )
                except EditConflict as exc:
                    move_form.add_error(None, str(exc))
                else:
                    messages.success(request, _("Saved."))
                    return redirect("stakeholders:issue-detail", pk=pk)
    return render(
        request,
        "stakeholders/issue_detail.html",
        {
            "analysis": analysis,
            "move_form": move_form,
            "communication_form": communication_form,
            "communication": analysis.communication.all(),
            "can_edit": can_edit,
            "history": analysis.history.select_related("history_user")[:10],
        },
    )


@roles_required(PEOPLE_ROLES)
def communication_plan(request):
    return render(request, "stakeholders/communication_plan.html", {"analyses": selectors.issue_analyses()})


@roles_required(PEOPLE_ROLES)
def risk_register(request):
    can_edit = services.can_edit(request.user)
    form = forms.RiskForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            services.risk_save(organisation=data.pop("organisation"), actor=request.user, **data)
            messages.success(request, _("Saved."))
            return redirect("stakeholders:risk-register")
    return render(
        request,
        "stakeholders/risk_register.html",
        {"risks": selectors.risk_register(), "form": form, "can_edit": can_edit},
    )


@roles_required(EDITOR_ROLES)
def risk_edit(request, pk: int):
    risk = get_object_or_404(RiskEntry.objects.select_related("organisation", "person"), pk=pk)
    fields = ["current_engagement", "desired_engagement", "priority", "actions", "action_holder"]
    initial = {name: getattr(risk, name) for name in fields}
    form = forms.RiskForm(
        request.POST or None,
        initial={**initial, "organisation": risk.organisation_id, "person": risk.person_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_save(
                organisation=risk.organisation,
                risk=risk,
                actor=request.user,
                expected_version=int(request.POST.get("version", 0)),
                **{name: form.cleaned_data[name] for name in fields},
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("stakeholders:risk-register")
    return render(
        request,
        "stakeholders/risk_form.html",
        {"form": form, "risk": risk, "history": risk.history.all()[:10]},
    )


# --- Verification and network -----


@roles_required(VIEW_ROLES)
def coverage(request):
    report, by_id, sources = selectors.coverage_report()
    rows = [
        {"source": sources[item.source], "item": item, "missed": [by_id[k] for k in item.missed]}
        for item in report.per_source
    ]
    checks = selectors.coverage_checks(organisation_ids=report.total.missed)
    can_edit = services.can_edit(request.user)
    misses = [
        {
            "organisation": by_id[pk],
            "sources": [
                link.source for link in by_id[pk].source_links.all() if link.source.code != Source.SLIMME_TOOL
            ],
            "check": checks.get(pk),
            "form": forms.CoverageCheckForm(auto_id=f"id_%s_{pk}") if can_edit else None,
        }
        for pk in report.total.missed
    ]
    return render(
        request,
        "stakeholders/coverage.html",
        {
            "rows": rows,
            "total": report.total,
            "total_missed": [by_id[k] for k in report.total.missed],
            "misses": misses,
            "checked": len(checks),
            "can_edit": can_edit,
        },
    )


# Record the verdict on an organisation the slimme tool missed (categorisation 7).
coverage_check = _organisation_action(
    forms.CoverageCheckForm, services.coverage_check_record, back="stakeholders:coverage"
)


@roles_required(VIEW_ROLES)
def network(request):
    return render(request, "stakeholders/network.html", {"network": selectors.network_edges()})


# --- Import -----


@roles_required(EDITOR_ROLES)
def import_upload(request):
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_batch_start(
                file_name=upload.name,
                data=upload.read(),
                source=form.cleaned_data["source"],
                actor=request.user,
            )
        except importer.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("stakeholders:import-batch", pk=batch.pk)
    return render(
        request,
        "stakeholders/import_upload.html",
        {
            "form": form,
            "batches": ImportBatch.objects.select_related("source", "created_by")[:10],
            "pending": FuzzyMatch.objects.filter(status=FuzzyMatch.Status.PENDING).count(),
        },
    )


@roles_required(EDITOR_ROLES)
def import_batch(request, pk: int):
    """Mapping, preview and the start of a dry run or the import. The run goes on in the background; this
    page then shows its progress (import_progress, polled) and, when it has ended, its result."""
    batch = get_object_or_404(ImportBatch.objects.select_related("source"), pk=pk)
    headers, rows = services.import_batch_table(batch=batch)
    form = forms.ImportMappingForm(request.POST or None, headers=headers, initial=batch.mapping)
    file_error = ""
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        try:
            services.import_batch_execute(
                batch=batch, mapping=form.mapping(), dry_run=dry_run, actor=request.user
            )
        except services.ImportNotStarted as exc:
            messages.warning(request, str(exc))
            return redirect("stakeholders:import-batch", pk=batch.pk)
        except importer.ImportFileError as exc:
            file_error = str(exc)
        else:
            return redirect("stakeholders:import-batch", pk=batch.pk)
    mapping = form.mapping() if form.is_bound and form.is_valid() else batch.mapping
    return render(
        request,
        "stakeholders/import_batch.html",
        {
            **_import_status(batch),
            "form": form,
            "headers": headers,
            "preview": _preview(headers, rows[:10], mapping),
            "row_count": len(rows),
            "file_error": file_error,
            "matches": batch.fuzzy_matches.select_related("candidate__province"),
        },
    )


@roles_required(EDITOR_ROLES)
def import_progress(request, pk: int):
    """The status panel of a batch, polled by its page every second while the run goes on. Once the run has
    ended, an htmx poll reloads the whole page (HX-Refresh), which then shows the result and the form."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    response = render(request, "stakeholders/_import_status.html", _import_status(batch))
    if request.headers.get("HX-Request") and batch.status != ImportBatch.Status.RUNNING:
        response["HX-Refresh"] = "true"
    return response


def _import_status(batch: ImportBatch) -> dict:
    running = batch.status == ImportBatch.Status.RUNNING
    stale = services.import_batch_is_stale(batch=batch)
    return {
        "batch": batch,
        "running": running and not stale,
        "stale": stale,
        "progress": services.import_batch_progress(batch=batch) if running else None,
    }


def _preview(headers, rows, mapping) -> list[list[str]]:
    """The first rows as they will be read: one column per mapped field."""
    index = {name: headers.index(col) for name, col in mapping.items() if col in headers}
    return [
        [row[index[name]] if name in index and index[name] < len(row) else "" for name in importer.FIELDS]
        for row in rows
    ]


@roles_required(EDITOR_ROLES)
def import_reviews(request):
    if request.method == "POST":
        match = get_object_or_404(FuzzyMatch, pk=request.POST.get("match"))
        try:
            organisation = services.fuzzy_match_resolve(
                match=match, merge=request.POST.get("decision") == "merge", actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Resolved: %(name)s.") % {"name": organisation})
        return redirect("stakeholders:import-reviews")
    return render(request, "stakeholders/import_reviews.html", {"matches": selectors.pending_matches()[:200]})
