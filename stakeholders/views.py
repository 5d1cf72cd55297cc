"""Pages of the stakeholder analysis. Thin: forms validate, services write, selectors read.

Who may do what is stakeholders/permissions.py: every view declares its action; the services check the
same rules again for the acting user."""

from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.authorization import can, permission_required, require
from regiekamer.concurrency import EditConflict
from regiekamer.forms import flash_errors, flash_form_errors, service_saved
from regiekamer.history import history_entries
from regiekamer.pagination import html_page, query_without_page

from . import forms, importer, selectors, services
from .extensions import communication_plan_panels, organisation_panels
from .models import FuzzyMatch, ImportBatch, Innovation, IssueAnalysis, Organisation, RiskEntry


def _filters(request) -> tuple[forms.RegisterFilterForm, dict]:
    form = forms.RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, filters


def _query_string(filters: dict) -> str:
    return urlencode({k: v for k, v in filters.items() if v})


@permission_required("stakeholders.view_register")
def organisation_list(request):
    form, filters = _filters(request)
    qs = selectors.organisation_list(filters=filters)
    # The counts per province add up to the (filtered) register's length: the pager takes their sum instead
    # of counting every organisation a second time.
    per_province = selectors.organisations_per_province(qs)
    page = html_page(request, qs, count=sum(row["count"] for row in per_province))
    return render(
        request,
        "stakeholders/organisation_list.html",
        {
            "form": form,
            "page": page,
            "per_province": per_province,
            "query": _query_string(filters),
            "can_edit": can(request.user, "stakeholders.edit_register"),
            "can_see_people": can(request.user, "stakeholders.view_people"),
        },
    )


@permission_required("stakeholders.view_people")
def people_list(request):
    people = selectors.people_list()
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/people_list.html",
        {
            "page": page,
            "exports": selectors.people_exports(limit=10),
            "can_export": can(request.user, "stakeholders.export_people"),
        },
    )


@permission_required("stakeholders.view_register")
def organisation_detail(request, pk: int):
    try:
        organisation = selectors.organisation_detail(pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404(_("No such organisation.")) from exc
    can_edit = can(request.user, "stakeholders.edit_register", organisation)
    can_categorise = can(request.user, "stakeholders.categorise", organisation)
    see_people = can(request.user, "stakeholders.view_people")
    context = {
        "organisation": organisation,
        "trail": selectors.decision_trail(organisation=organisation),
        "collaborations": selectors.collaboration_partners(organisation=organisation),
        "panels": organisation_panels(request, organisation),
        "proposal": services.sector_propose(organisation=organisation),
        "history": history_entries(organisation, limit=20),
        "can_edit": can_edit,
        "can_categorise": can_categorise,
        "can_see_people": see_people,
        "can_see_engagement": can(request.user, "stakeholders.view_engagement"),
        "can_place": can(request.user, "stakeholders.edit_engagement"),
    }
    if see_people:
        context["people"] = organisation.people.all()
    if context["can_see_engagement"]:
        context["analyses"] = organisation.issue_analyses.select_related("person")
        context["risks"] = organisation.risks.select_related("person")
    if can_edit:
        context.update({"innovation_form": forms.InnovationCreateForm(), "person_form": forms.PersonForm()})
    if can_categorise:
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
            }
        )
    return render(request, "stakeholders/organisation_detail.html", context)


@permission_required("stakeholders.edit_register")
def organisation_create(request):
    form = forms.OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = service_saved(
            _as_form(form), lambda data: services.organisation_create(actor=request.user, **data)
        )
        if organisation is not None:
            return redirect(organisation)
    return render(request, "stakeholders/organisation_form.html", {"form": form})


@permission_required("stakeholders.edit_register")
def organisation_edit(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    require(request.user, "stakeholders.edit_register", organisation)
    # The form changes the instance it validates: the service gets a fresh copy of the stored row.
    form = forms.OrganisationForm(request.POST or None, instance=organisation)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            _as_form(form),
            lambda data: services.organisation_update(
                organisation=Organisation.objects.get(pk=pk),
                expected_version=_posted_version(request, default=organisation.version),
                actor=request.user,
                **data,
            ),
        )
    ):
        messages.success(request, _("Saved."))
        return redirect(organisation)
    return render(
        request, "stakeholders/organisation_form.html", {"form": form, "organisation": organisation}
    )


def _as_form(form: forms.OrganisationForm) -> django_forms.Form:
    """regiekamer.forms.service_saved is typed for Form; a ModelForm works the same (BaseForm)."""
    return cast(django_forms.Form, form)


def _posted_version(request, *, default: int) -> int:
    """The version a page posted in its hidden `version` input (the version it showed)."""
    try:
        return int(request.POST.get("version", default))
    except (TypeError, ValueError):
        raise ValidationError({"version": _("A whole number is required.")}) from None


def _post_action(request, pk: int, form_class, action: Callable[[Organisation, dict], Any], back: str | None):
    """Run a form posted from the organisation page (or the page named `back`); errors come back as
    messages in plain sentences."""
    organisation = get_object_or_404(Organisation, pk=pk)
    target = back or organisation
    form = form_class(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(target)
    try:
        action(organisation, form.cleaned_data)
    except (ValidationError, EditConflict) as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect(target)


def _organisation_action(form_class, service, *, action: str, back: str | None = None):
    """A form posted about one organisation from its page (or the page named `back`): a categorisation step,
    a collaboration, a team relevance, a person, a coverage verdict. The view declares `action`; the service
    gets the organisation, the acting user and the form's fields by name (the form's `version` as
    `expected_version`) and requires the same action."""

    @require_POST
    @permission_required(action)
    def view(request, pk: int):
        def run(organisation: Organisation, data: dict) -> Any:
            fields = dict(data)
            if "version" in fields:
                fields["expected_version"] = fields.pop("version")
            return service(organisation=organisation, actor=request.user, **fields)

        return _post_action(request, pk, form_class, run, back=back)

    view.__name__ = service.__name__
    return view


CATEGORISE = "stakeholders.categorise"
sector_confirm = _organisation_action(forms.SectorForm, services.sector_confirm, action=CATEGORISE)
relevance_set = _organisation_action(forms.RelevanceForm, services.relevance_set, action=CATEGORISE)
frontrunner_override = _organisation_action(
    forms.FrontrunnerOverrideForm, services.frontrunner_override, action=CATEGORISE
)
collaboration_join = _organisation_action(
    forms.CollaborationForm, services.collaboration_join, action=CATEGORISE
)
team_relevance_add = _organisation_action(
    forms.TeamRelevanceForm, services.team_relevance_set, action=CATEGORISE
)
person_add = _organisation_action(
    forms.PersonForm, services.person_create, action="stakeholders.edit_register"
)


@require_POST
@permission_required("stakeholders.edit_register")
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


@permission_required("stakeholders.categorise")
def innovation_categorise(request, pk: int):
    innovation = get_object_or_404(Innovation.objects.select_related("organisation"), pk=pk)
    require(request.user, "stakeholders.categorise", innovation)
    if request.method == "POST":
        form = forms.InnovationCategoriseForm(request.POST)
        if form.is_valid() and service_saved(
            form,
            lambda data: services.innovation_categorise(
                innovation=innovation,
                expected_version=data["version"],
                actor=request.user,
                reason=data["reason"],
                values=form.values(),
                critical_raw_materials=data["critical_raw_materials"],
                value_retention_forms=data["value_retention_forms"],
            ),
        ):
            messages.success(request, _("Categorisation saved; the class has been recomputed."))
            return redirect(innovation.organisation)
    else:
        form = forms.InnovationCategoriseForm(initial=forms.InnovationCategoriseForm.initial_for(innovation))
    return render(request, "stakeholders/innovation_form.html", {"form": form, "innovation": innovation})


# --- Engagement (programme roles only) ----------------------------------------------------------------------


def _place(request, data: dict) -> IssueAnalysis:
    fields = dict(data)
    return services.issue_analysis_save(organisation=fields.pop("organisation"), actor=request.user, **fields)


@permission_required("stakeholders.view_engagement", POST="stakeholders.edit_engagement")
def mendelow(request):
    """The Mendelow matrix for the programme roles; the register's editors place stakeholders in it."""
    can_edit = can(request.user, "stakeholders.edit_engagement")
    form = forms.IssueAnalysisForm(
        request.POST or None, initial={"organisation": request.GET.get("organisation")}
    )
    if request.method == "POST":
        require(request.user, "stakeholders.edit_engagement")
        analysis = form.is_valid() and service_saved(form, lambda data: _place(request, data))
        if analysis:
            organisation = analysis.organisation
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


@permission_required("stakeholders.view_engagement", POST="stakeholders.edit_engagement")
def issue_detail(request, pk: int):
    analysis = get_object_or_404(IssueAnalysis.objects.select_related("organisation", "person"), pk=pk)
    can_edit = can(request.user, "stakeholders.edit_engagement", analysis)
    move_form = forms.MendelowMoveForm(
        initial={"version": analysis.version, "influence": analysis.influence, "interest": analysis.interest}
    )
    communication_form = forms.CommunicationForm()
    if request.method == "POST":
        require(request.user, "stakeholders.edit_engagement", analysis)
        if "channel" in request.POST:
            communication_form = forms.CommunicationForm(request.POST)
            saved = communication_form.is_valid() and service_saved(
                communication_form,
                lambda data: services.communication_entry_create(
                    analysis=analysis, actor=request.user, **data
                ),
            )
        else:
            move_form = forms.MendelowMoveForm(request.POST)
            saved = move_form.is_valid() and service_saved(
                move_form,
                lambda data: services.mendelow_place(
                    analysis=analysis,
                    influence=data["influence"],
                    interest=data["interest"],
                    actor=request.user,
                    expected_version=data["version"],
                ),
            )
        if saved:
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
            "history": history_entries(analysis, limit=10),
        },
    )


@permission_required("stakeholders.view_engagement")
def communication_plan(request):
    return render(
        request,
        "stakeholders/communication_plan.html",
        {"analyses": selectors.issue_analyses(), "panels": communication_plan_panels(request)},
    )


def _risk_add(request, data: dict) -> RiskEntry:
    fields = dict(data)
    return services.risk_save(organisation=fields.pop("organisation"), actor=request.user, **fields)


@permission_required("stakeholders.view_engagement", POST="stakeholders.edit_engagement")
def risk_register(request):
    can_edit = can(request.user, "stakeholders.edit_engagement")
    form = forms.RiskForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "stakeholders.edit_engagement")
        if form.is_valid() and service_saved(form, lambda data: _risk_add(request, data)):
            messages.success(request, _("Saved."))
            return redirect("stakeholders:risk-register")
    return render(
        request,
        "stakeholders/risk_register.html",
        {"risks": selectors.risk_register(), "form": form, "can_edit": can_edit},
    )


@permission_required("stakeholders.edit_engagement")
def risk_edit(request, pk: int):
    risk = get_object_or_404(RiskEntry.objects.select_related("organisation", "person"), pk=pk)
    require(request.user, "stakeholders.edit_engagement", risk)
    fields = ["current_engagement", "desired_engagement", "priority", "actions", "action_holder"]
    initial = {name: getattr(risk, name) for name in fields}
    form = forms.RiskForm(
        request.POST or None,
        initial={**initial, "organisation": risk.organisation_id, "person": risk.person_id},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda data: services.risk_save(
                organisation=risk.organisation,
                risk=risk,
                actor=request.user,
                expected_version=_posted_version(request, default=0),
                **{name: data[name] for name in fields},
            ),
        )
    ):
        messages.success(request, _("Saved."))
        return redirect("stakeholders:risk-register")
    return render(
        request,
        "stakeholders/risk_form.html",
        {"form": form, "risk": risk, "history": history_entries(risk, limit=10)},
    )


# --- Verification and network -----


@permission_required("stakeholders.view_register")
def coverage(request):
    """Categorisation 7: the counts per source (aggregated by the database), and the misses of one source (or
    of all) a page at a time, each with its latest verdict."""
    rows, total = selectors.coverage_summary()
    source = request.GET.get("source", "")
    if source and source not in {row.code for row in rows}:
        source = ""
    misses_qs = selectors.coverage_misses(source)
    # The summary has counted the misses already: the pager takes its figure instead of counting again.
    page = html_page(request, misses_qs, count=selectors.coverage_missed(source, (rows, total)))
    checks = selectors.coverage_checks(organisation_ids=[o.pk for o in page.object_list])
    can_edit = can(request.user, "stakeholders.verify_coverage")
    misses = [
        {
            "organisation": organisation,
            "sources": [link.source for link in organisation.source_links.all()],
            "check": checks.get(organisation.pk),
            "form": forms.CoverageCheckForm(auto_id=f"id_%s_{organisation.pk}") if can_edit else None,
        }
        for organisation in page.object_list
    ]
    return render(
        request,
        "stakeholders/coverage.html",
        {
            "rows": rows,
            "total": total,
            "source": next((row.source for row in rows if row.code == source), None),
            "page": page,
            "page_query": query_without_page(request),
            "misses": misses,
            "checked": selectors.coverage_checked(source),
            "can_edit": can_edit,
        },
    )


# Record the verdict on an organisation the slimme tool missed (categorisation 7).
coverage_check = _organisation_action(
    forms.CoverageCheckForm,
    services.coverage_check_record,
    action="stakeholders.verify_coverage",
    back="stakeholders:coverage",
)


# The most links of a filtered network the pager counts (its five pages are offered); past it the page says
# "more than" and asks for a narrower filter. The count walks the links until it has found them: for a name a
# ninth of the register shares, 1,000 links took 2.7 ms at 10,000 organisations and 8.1 ms at 100,000
# (SQLite), 250 took 1.8 ms at both.
NETWORK_COUNT_LIMIT = 250


@permission_required("stakeholders.view_register")
def network(request):
    """The collaboration network a page of links at a time (the most shared first), aggregated by the
    database; filtered, the neighbourhood of the organisations named, relevant for a team or in a cluster."""
    form = forms.NetworkFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = {k: v for k, v in filters.items() if v}
    if filters:
        # A neighbourhood's exact size would be a read of every organisation the filter names: the pager
        # counts up to a limit, with a query that stops there, and the page says when there are more.
        links = selectors.network_links(selectors.organisation_list(filters=filters))
        page = html_page(request, links, count_limit=NETWORK_COUNT_LIMIT)
    else:
        page = html_page(request, selectors.network_links())  # a count of the kept links
    return render(
        request,
        "stakeholders/network.html",
        {
            "form": form,
            "filtered": bool(filters),
            "page": page,
            "page_query": query_without_page(request),
            "network": selectors.network_drawing(page.object_list),
        },
    )


# --- Import -----


@permission_required("stakeholders.import_register")
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
            "batches": selectors.import_batches(limit=10),
            "pending": selectors.pending_matches().count(),
        },
    )


@permission_required("stakeholders.import_register")
def import_batch(request, pk: int):
    """Mapping, preview and the start of a dry run or the import. The run goes on in the background; this
    page then shows its progress (import_progress, polled) and, when it has ended, its result."""
    batch = get_object_or_404(ImportBatch.objects.select_related("source"), pk=pk)
    headers, rows = services.import_batch_table(batch=batch, head=services.PREVIEW_ROWS)
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
            "preview": _preview(headers, rows, mapping),
            "file_error": file_error,
            "matches": batch.fuzzy_matches.select_related("candidate__province"),
        },
    )


@permission_required("stakeholders.import_register")
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


@permission_required("stakeholders.import_register")
def import_reviews(request):
    if request.method == "POST":
        match = get_object_or_404(FuzzyMatch, pk=request.POST.get("match"))
        try:
            organisation = services.fuzzy_match_resolve(
                match=match, merge=request.POST.get("decision") == "merge", actor=request.user
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Resolved: %(name)s.") % {"name": organisation})
        return redirect("stakeholders:import-reviews")
    return render(request, "stakeholders/import_reviews.html", {"matches": selectors.pending_matches()[:200]})
