"""Pages for applicants (their own consortium's applications) and the reviewing roles (every submitted
application): assessors judge the criteria, transition agenda advisers record the advice, Stuurgroep members
decide. Which of these steps a person is offered follows their role and the separation of duties
(intake/duties.py): a step they may not take because they took another one is explained, not offered.

Views are thin: they declare their action (intake/permissions.py), fetch through selectors (which scope to
what the person may see: another consortium's application is a 404), check the object's rule, call a service
and render."""

import datetime
from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.forms import ModelChoiceField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.authorization import can, permission_required, require
from accounts.models import User
from regiekamer.forms import flash_errors, flash_form_errors, service_saved
from regiekamer.history import history_entries
from regiekamer.idempotency import DuplicateSubmission, already_submitted
from regiekamer.pagination import html_page, query_without_page
from regiekamer.texts import translate, translate_all

from . import duties, formatting, instruments, selectors, services, workflow
from .exports import status_filter
from .forms import (
    FIELDSETS,
    ActionLineForm,
    AdvanceForm,
    AdviceForm,
    AmbitionUploadForm,
    ApplicationCreateForm,
    ApplicationForm,
    CriteriaForm,
    DecisionForm,
    EligibilityForm,
    HandOverForm,
    PartyForm,
    ReasonForm,
    SignatoryForm,
)
from .models import ActionLine, Application, ChainRole, ExcludedSupport, GoalTheme, Party, Signatory, Status


def _actor(request: HttpRequest) -> User:
    """The signed-in user (permission_required has refused anonymous requests before the view runs)."""
    return cast(User, request.user)


def _application(request: HttpRequest, pk: int, action: str | None = None) -> Application:
    """The application the person may see (a 404 otherwise), checked against `action` when given."""
    try:
        application = selectors.application_detail(_actor(request), pk)
    except Application.DoesNotExist as exc:
        raise Http404(_("No such application.")) from exc
    if action is not None:
        require(request.user, action, application)
    return application


def _submit_to_detail(request: HttpRequest, pk: int, form: Any, service: Any, **targets: Any) -> HttpResponse:
    """Validate `form`, pass its data to `service` (with `targets` and the actor), show errors as messages,
    and return to the application page."""
    if form.is_valid():
        try:
            service(actor=_actor(request), **targets, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
    else:
        flash_form_errors(request, form)
    return redirect("intake:detail", pk=pk)


@permission_required("intake.view_applications")
def application_list(request: HttpRequest) -> HttpResponse:
    status = status_filter(request.GET)
    page = html_page(request, selectors.application_list(_actor(request), status=status))
    return render(
        request,
        "intake/application_list.html",
        {
            "page": page,
            "applications": page.object_list,
            "query": query_without_page(request),
            "statuses": Status.choices,
            "status": status,
            "can_create": can(request.user, "intake.create_application")
            and _actor(request).consortia.exists(),
        },
    )


@permission_required("intake.create_application")
def application_create(request: HttpRequest) -> HttpResponse:
    form = ApplicationCreateForm(request.POST or None, user=request.user)
    application = (
        request.method == "POST"
        and form.is_valid()
        and service_saved(form, lambda data: services.application_create(actor=_actor(request), **data))
    )
    if application:
        messages.success(request, _("Draft saved. Fill in the plan of action and the consortium."))
        return redirect("intake:edit", pk=application.pk)
    return render(request, "intake/form.html", {"form": form, "title": _("New application")})


MONEY_FIELDS = frozenset({"requested_budget_eur"})


def _plan_sections(application: Application) -> list[tuple[Any, list[tuple[Any, Any]]]]:
    """The plan of action as (legend, [(label, value)]) per part, for display."""
    labels = {**dict(GoalTheme.choices), **dict(ExcludedSupport.choices)}
    sections = []
    for legend, names in FIELDSETS[1:]:
        rows = []
        for name in names:
            if name.startswith("role_argument_"):
                continue
            field = cast(Field, Application._meta.get_field(name))
            value = getattr(application, name)
            if name in MONEY_FIELDS:
                value = formatting.euro(value) if value is not None else ""
            elif isinstance(value, Decimal):
                value = formatting.number(value)
            elif isinstance(value, datetime.date):
                value = formatting.day(value)
            elif field.many_to_many:
                value = ", ".join(str(item) for item in value.all())
            elif field.choices:
                value = getattr(application, f"get_{name}_display")()
            elif isinstance(value, list):
                value = ", ".join(str(labels.get(item, item)) for item in value)
            elif isinstance(value, bool):
                value = _("Yes") if value else _("No")
            rows.append((field.verbose_name, value))
        if rows:  # the chain roles without a party are shown with the consortium
            sections.append((legend, rows))
    return sections


def _duty_conflict(user: User, application: Application, step: str) -> str:
    """Why `user` may not take `step` on `application` because they took another assessment step on it (the
    message of intake.duties), or "" when nothing stands in the way."""
    conflict = duties.conflict(step, selectors.steps_done_by(user, application))
    return translate(conflict) if conflict is not None else ""


@permission_required("intake.view_applications")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "intake.view_application")
    user = _actor(request)
    status = application.status
    sees_assessment = can(user, "intake.view_assessment", application)
    assesses = can(user, "intake.assess", application)
    can_edit = status == Status.DRAFT and can(user, "intake.edit_draft", application)
    # The three assessment steps this person's role allows now, and the separation of duties over them.
    steps = {
        duties.CRITERIA: assesses and status in workflow.UNDER_ASSESSMENT,
        duties.ADVICE: status in workflow.UNDER_ASSESSMENT and can(user, "intake.record_advice", application),
        duties.DECISION: (
            selectors.is_decision_stage(application) and can(user, "intake.record_decision", application)
        )
        or (workflow.can_move(status, Status.REJECTED) and can(user, "intake.reject", application)),
    }
    conflicts = {step: _duty_conflict(user, application, step) for step, allowed in steps.items() if allowed}
    context = {
        "application": application,
        "checks": selectors.application_checks_shown(application),
        "events": selectors.events_for(user, application),
        "advices": list(application.advices.all()),
        "decisions": list(application.decisions.all()),
        "is_assessor": sees_assessment,
        "can_edit": can_edit,
        "can_withdraw": workflow.can_move(status, Status.WITHDRAWN)
        and can(user, "intake.withdraw", application),
        "can_reject": workflow.can_move(status, Status.REJECTED)
        and can(user, "intake.reject", application)
        and not conflicts.get(duties.DECISION),
        "can_start": assesses and status == Status.SUBMITTED,
        "can_assess_criteria": steps[duties.CRITERIA] and not conflicts.get(duties.CRITERIA),
        "can_advise": steps[duties.ADVICE] and not conflicts.get(duties.ADVICE),
        "can_decide": selectors.is_decision_stage(application)
        and can(user, "intake.record_decision", application)
        and not conflicts.get(duties.DECISION),
        "duty_notices": [message for message in conflicts.values() if message],
        "next_steps": [
            (step, Status(step).label)
            for step in services.STEPS_AFTER_APPROVAL
            if assesses and workflow.can_move(status, step)
        ],
        "reason_form": ReasonForm(),
        "plan_sections": _plan_sections(application),
        "role_arguments": [
            (dict(ChainRole.choices)[role], text) for role, text in (application.role_arguments or {}).items()
        ],
        "advance_form": AdvanceForm(),
    }
    if sees_assessment:
        context["history"] = history_entries(application, limit=50)
        context["criteria"] = selectors.criteria_rows(application)
        context["criteria_assessed_by"] = selectors.criteria_assessed_by(application)
        context["advice_form"] = AdviceForm()
    if can_edit:
        context["upload_form"] = AmbitionUploadForm()
        context["signatory_form"] = SignatoryForm()
        context["action_line_form"] = ActionLineForm()
    return render(request, "intake/application_detail.html", context)


@permission_required("intake.edit_draft")
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "intake.edit_draft")
    if application.status != Status.DRAFT:
        messages.error(request, _("The application has been submitted and can no longer be changed."))
        return redirect("intake:detail", pk=pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda data: services.application_update(
                application=Application.objects.get(pk=pk),
                actor=_actor(request),
                expected_version=data["version"],
                data=form.service_data(),
            ),
        )
    ):
        messages.success(request, _("Draft saved."))
        return redirect("intake:detail", pk=pk)
    return render(request, "intake/application_form.html", {"form": form, "application": application})


@permission_required("intake.edit_draft")
def party_edit(request: HttpRequest, pk: int, party_pk: int | None = None) -> HttpResponse:
    application = _application(request, pk, "intake.edit_draft")
    party = get_object_or_404(Party, pk=party_pk, application=application) if party_pk else None
    form = PartyForm(request.POST or None, instance=party)

    def save(data: dict[str, Any]) -> Party:
        values = {name: data[name] for name in services.PARTY_FIELDS}
        if party is None:
            return services.party_create(application=application, actor=_actor(request), **values)
        return services.party_update(
            party=party, actor=_actor(request), expected_version=data["version"] or party.version, **values
        )

    if request.method == "POST" and form.is_valid() and service_saved(form, save):
        messages.success(request, _("Party saved."))
        return redirect("intake:detail", pk=pk)
    return render(
        request,
        "intake/form.html",
        {
            "form": form,
            "application": application,
            "title": _("Edit party") if party else _("Add a party to the consortium"),
        },
    )


@require_POST
@permission_required("intake.edit_draft")
def party_delete(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    application = _application(request, pk, "intake.edit_draft")
    party = get_object_or_404(Party, pk=party_pk, application=application)
    try:
        services.party_delete(party=party, actor=_actor(request))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("intake:detail", pk=pk)


@require_POST
@permission_required("intake.edit_draft")
def signatory_add(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    application = _application(request, pk, "intake.edit_draft")
    party = get_object_or_404(Party, pk=party_pk, application=application)
    return _submit_to_detail(request, pk, SignatoryForm(request.POST), services.signatory_create, party=party)


@require_POST
@permission_required("intake.edit_draft")
def signatory_delete(request: HttpRequest, pk: int, signatory_pk: int) -> HttpResponse:
    application = _application(request, pk, "intake.edit_draft")
    signatory = get_object_or_404(Signatory, pk=signatory_pk, party__application=application)
    try:
        services.signatory_delete(signatory=signatory, actor=_actor(request))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("intake:detail", pk=pk)


@require_POST
@permission_required("intake.edit_draft")
def action_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "intake.edit_draft")
    return _submit_to_detail(
        request, pk, ActionLineForm(request.POST), services.action_line_create, application=application
    )


@require_POST
@permission_required("intake.edit_draft")
def action_line_delete(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    application = _application(request, pk, "intake.edit_draft")
    line = get_object_or_404(ActionLine, pk=line_pk, application=application)
    try:
        services.action_line_delete(action_line=line, actor=_actor(request))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("intake:detail", pk=pk)


@require_POST
@permission_required("intake.edit_draft")
def ambition_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_step(
        request,
        pk,
        permission="intake.edit_draft",
        form=AmbitionUploadForm(request.POST, request.FILES),
        call=lambda application, data: services.application_upload_ambition(
            application=application, actor=_actor(request), upload=data["ambition_document"]
        ),
        invalid=_("Choose a PDF file to upload."),
        done=_("Ambition document uploaded."),
    )


@permission_required("intake.view_applications")
def ambition_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The signed ambition document, for whoever may see the application (the consortium, assessors once it
    is submitted); always as a download (never rendered inline), with the stored random name behind it."""
    application = _application(request, pk, "intake.view_application")
    if not application.ambition_document:
        raise Http404(_("No ambition document uploaded."))
    response = FileResponse(
        application.ambition_document.open("rb"),
        as_attachment=True,
        filename=application.ambition_filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@permission_required("intake.submit")
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "intake.submit")
    try:
        services.application_submit(application=application, actor=_actor(request))
    except ValidationError as error:
        messages.error(request, _("The application cannot be submitted yet:"))
        flash_errors(request, error)
    else:
        messages.success(request, _("Application submitted to the Versnellingshuis."))
    return redirect("intake:detail", pk=pk)


def _post_step(
    request: HttpRequest,
    pk: int,
    *,
    permission: str,
    form: Any,
    call: Any,
    invalid: str,
    done: str,
) -> HttpResponse:
    """One step posted from the application page: check `permission` on the application, validate `form`,
    run `call(application, cleaned_data)` (a service), say what happened, and return to the application."""
    application = _application(request, pk, permission)
    if duplicate := already_submitted(request):  # a double-click: the first submit was recorded
        messages.info(request, duplicate.message)
        return redirect("intake:detail", pk=pk)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect("intake:detail", pk=pk)
    try:
        call(application, form.cleaned_data)
    except DuplicateSubmission as duplicate:  # a double-click: the first submit was recorded
        messages.info(request, duplicate.message)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, done)
    return redirect("intake:detail", pk=pk)


def _with_reason(
    request: HttpRequest, pk: int, *, permission: str, action: Any, missing: str, done: str
) -> HttpResponse:
    """Run a status change that needs a stated reason (withdraw, reject) and return to the application."""
    return _post_step(
        request,
        pk,
        permission=permission,
        form=ReasonForm(request.POST),
        call=lambda application, data: action(
            application=application, actor=_actor(request), reason=data["reason"]
        ),
        invalid=missing,
        done=done,
    )


@require_POST
@permission_required("intake.withdraw")
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(
        request,
        pk,
        permission="intake.withdraw",
        action=services.application_withdraw,
        missing=_("Give the reason for the withdrawal."),
        done=_("Application withdrawn."),
    )


@require_POST
@permission_required("intake.reject")
def application_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(
        request,
        pk,
        permission="intake.reject",
        action=services.application_reject,
        missing=_("Give the reason for the rejection."),
        done=_("Application rejected."),
    )


@require_POST
@permission_required("intake.assess")
def start_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "intake.assess")
    try:
        services.application_start_assessment(application=application, actor=_actor(request))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("intake:detail", pk=pk)


@permission_required("intake.assess")
def criteria_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """The seven criteria on one form: each with its verdict and reasoning, recorded all together or not
    at all."""
    application = _application(request, pk, "intake.assess")
    if application.status not in workflow.UNDER_ASSESSMENT:
        messages.error(request, _("Criteria are assessed while the application is in assessment."))
        return redirect("intake:detail", pk=pk)
    form = CriteriaForm(request.POST or None, current=selectors.criteria_rows(application))
    if request.method == "POST" and form.is_valid():
        recorded = service_saved(
            form,
            lambda data: services.criteria_assess(
                application=application, actor=_actor(request), verdicts=form.verdicts()
            ),
        )
        if recorded is not None:
            if recorded:
                messages.success(
                    request,
                    ngettext("%(count)s verdict recorded.", "%(count)s verdicts recorded.", len(recorded))
                    % {"count": len(recorded)},
                )
            else:
                messages.info(request, _("No verdict changed; nothing was recorded."))
            return redirect("intake:detail", pk=pk)
    return render(
        request,
        "intake/criteria_form.html",
        {
            "form": form,
            "application": application,
            "conflict": _duty_conflict(_actor(request), application, duties.CRITERIA),
        },
    )


@require_POST
@permission_required("intake.record_advice")
def advice_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_step(
        request,
        pk,
        permission="intake.record_advice",
        form=AdviceForm(request.POST),
        call=lambda application, data: services.advice_record(
            application=application, actor=_actor(request), **data
        ),
        invalid=_("Give the advice (positive or negative), its text and its date."),
        done=_("Advice recorded."),
    )


@permission_required("intake.record_decision")
def decision_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision step: shows the quota state for the date chosen and records the Stuurgroep decision."""
    application = _application(request, pk, "intake.record_decision")
    if duplicate := already_submitted(request):  # a double-click: the first submit was recorded
        messages.info(request, duplicate.message)
        return redirect("intake:detail", pk=pk)
    if not selectors.is_decision_stage(application):
        messages.error(request, _("A decision is recorded after the transition agenda's advice."))
        return redirect("intake:detail", pk=pk)
    form = DecisionForm(request.POST or None)
    try:
        saved = (
            request.method == "POST"
            and form.is_valid()
            and service_saved(
                form,
                lambda data: services.decision_record(application=application, actor=_actor(request), **data),
            )
        )
    except DuplicateSubmission as duplicate:  # a double-click: the first submit was recorded
        messages.info(request, duplicate.message)
        return redirect("intake:detail", pk=pk)
    if saved:
        messages.success(request, _("Decision recorded."))
        return redirect("intake:detail", pk=pk)
    day = None
    if form.is_bound and getattr(form, "cleaned_data", None):
        day = form.cleaned_data.get("decided_on")
    elif request.GET.get("decided_on"):
        try:
            day = parse_date(request.GET["decided_on"])
        except ValueError:
            day = None
    day = day or timezone.localdate()
    return render(
        request,
        "intake/decision_form.html",
        {
            "form": form,
            "application": application,
            "quota": selectors.quota_shown(selectors.quota_for(application, day)),
            "advice": selectors.current_advice(application),
            "criteria": selectors.criteria_rows(application),
            "criteria_assessed_by": selectors.criteria_assessed_by(application),
            "current_decision": selectors.current_decision(application),
            "conflict": _duty_conflict(_actor(request), application, duties.DECISION),
        },
    )


@require_POST
@permission_required("intake.assess")
def application_advance(request: HttpRequest, pk: int, to_status: str) -> HttpResponse:
    application = _application(request, pk, "intake.assess")
    form = AdvanceForm(request.POST)
    form.is_valid()
    try:
        services.application_advance(
            application=application,
            actor=_actor(request),
            to_status=to_status,
            reason_for_applicant=form.cleaned_data.get("reason_for_applicant", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("intake:detail", pk=pk)


@permission_required("intake.view_instruments")
def support_instruments(request: HttpRequest) -> HttpResponse:
    """The Versnellingshuis chain-support instruments and phases, and the eligibility quick check."""
    form = EligibilityForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        fits = instruments.eligibility(instruments.Consortium(**form.cleaned_data))
        names = {item.code: item.name for item in instruments.instruments()}
        results = [
            {
                "code": fit.code,
                "name": names[fit.code],
                "fits": fit.fits,
                "reasons": translate_all(fit.reasons),
            }
            for fit in fits
        ]
    return render(
        request,
        "intake/instruments.html",
        {
            "instruments": instruments.instruments(),
            "phases": instruments.phases(),
            "form": form,
            "results": results,
        },
    )


@permission_required("intake.hand_over")
def hand_over(request: HttpRequest) -> HttpResponse:
    """Approved applications become projects in the portfolio (programme office)."""
    form = HandOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = get_object_or_404(selectors.handover_list(), pk=form.cleaned_data["application"])
        try:
            project = services.application_hand_over(
                application=application, actor=_actor(request), team=form.cleaned_data["team"]
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                _("%(title)s is now project %(number)s in the portfolio.")
                % {"title": application.title, "number": project.number},
            )
        return redirect("intake:handover")
    # The teams once for every row's form (a choice iterator would read them again per row).
    team_field = cast(ModelChoiceField, form.fields["team"])
    teams = [(team.pk, team_field.label_from_instance(team)) for team in team_field.queryset or ()]
    return render(
        request,
        "intake/handover.html",
        {"applications": selectors.handover_list(), "form": form, "teams": teams},
    )
