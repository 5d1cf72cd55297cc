"""Pages for applicants (their own consortium's applications) and assessors (every submitted application).

Views are thin: they check the role, fetch through selectors (which scope to what the person may see: another
consortium's application is a 404), call a service and render."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from regiekamer.forms import service_saved

from . import instruments, selectors, services, workflow
from .forms import (
    FIELDSETS,
    ActionLineForm,
    AdvanceForm,
    AdviceForm,
    AmbitionUploadForm,
    ApplicationCreateForm,
    ApplicationForm,
    CriterionForm,
    DecisionForm,
    EligibilityForm,
    HandOverForm,
    PartyForm,
    ReasonForm,
    SignatoryForm,
)
from .models import ActionLine, Application, ChainRole, ExcludedSupport, GoalTheme, Party, Signatory, Status

INTAKE_ROLES = (Role.APPLICANT, Role.ASSESSOR)


def role_required(*roles):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied(
                    _("This page is for: %(roles)s.")
                    % {"roles": ", ".join(str(Role(r).label) for r in roles)}
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _application(request, pk) -> Application:
    try:
        return selectors.application_detail(request.user, pk)
    except Application.DoesNotExist as exc:
        raise Http404(_("No such application.")) from exc


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    """Show a form's errors as messages, each named by its field, on the page the view redirects to."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}")


def _submit_to_detail(request, pk, form, service, **targets):
    """Validate `form`, pass its data to `service` (with `targets` and the actor), show errors as messages,
    and return to the application page."""
    if form.is_valid():
        try:
            service(actor=request.user, **targets, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
    else:
        _form_errors(request, form)
    return redirect("intake:detail", pk=pk)


@role_required(*INTAKE_ROLES)
def application_list(request):
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    return render(
        request,
        "intake/application_list.html",
        {
            "applications": selectors.application_list(request.user, status=status),
            "statuses": Status.choices,
            "status": status,
            "can_create": request.user.has_role(Role.APPLICANT) and request.user.consortia.exists(),
        },
    )


@role_required(Role.APPLICANT)
def application_create(request):
    form = ApplicationCreateForm(request.POST or None, user=request.user)
    application = (
        request.method == "POST"
        and form.is_valid()
        and service_saved(form, lambda data: services.application_create(actor=request.user, **data))
    )
    if application:
        messages.success(request, _("Draft saved. Fill in the plan of action and the consortium."))
        return redirect("intake:edit", pk=application.pk)
    return render(request, "intake/form.html", {"form": form, "title": _("New application")})


def _plan_sections(application: Application) -> list:
    """The plan of action as (legend, [(label, value)]) per part, for display."""
    labels = {**dict(GoalTheme.choices), **dict(ExcludedSupport.choices)}
    sections = []
    for legend, names in FIELDSETS[1:]:
        rows = []
        for name in names:
            if name.startswith("role_argument_"):
                continue
            field = Application._meta.get_field(name)
            value = getattr(application, name)
            if field.many_to_many:
                value = ", ".join(str(item) for item in value.all())
            elif field.choices:
                value = getattr(application, f"get_{name}_display")()
            elif isinstance(value, list):
                value = ", ".join(str(labels.get(item, item)) for item in value)
            elif isinstance(value, bool):
                value = _("Yes") if value else _("No")
            rows.append((field.verbose_name, value))
        sections.append((legend, rows))
    return sections


@role_required(*INTAKE_ROLES)
def application_detail(request, pk):
    application = _application(request, pk)
    user = request.user
    is_assessor = user.has_role(Role.ASSESSOR)
    is_member = services.is_member(user, application.consortium)
    context = {
        "application": application,
        "checks": selectors.application_checks_shown(application),
        "events": selectors.events_for(user, application),
        "advices": list(application.advices.all()),
        "decisions": list(application.decisions.all()),
        "is_assessor": is_assessor,
        "is_member": is_member,
        "can_edit": is_member and application.status == Status.DRAFT,
        "can_withdraw": (is_member or is_assessor)
        and workflow.can_move(application.status, Status.WITHDRAWN),
        "can_reject": is_assessor and workflow.can_move(application.status, Status.REJECTED),
        "can_start": is_assessor and application.status == Status.SUBMITTED,
        "under_assessment": is_assessor and application.status in workflow.UNDER_ASSESSMENT,
        "can_decide": is_assessor and selectors.is_decision_stage(application),
        "next_steps": [
            (s, Status(s).label)
            for s in (Status.TENDER_PREPARED, Status.RUNNING, Status.CLOSED)
            if is_assessor and workflow.can_move(application.status, s)
        ],
        "reason_form": ReasonForm(),
        "plan_sections": _plan_sections(application),
        "role_arguments": [
            (dict(ChainRole.choices)[role], text) for role, text in (application.role_arguments or {}).items()
        ],
        "advance_form": AdvanceForm(),
    }
    if is_assessor:
        context["history"] = application.history.select_related("history_user").order_by("-history_date")[:50]
        context["criteria"] = selectors.criteria_rows(application)
        context["criterion_form"] = CriterionForm()
        context["advice_form"] = AdviceForm()
    if context["can_edit"]:
        context["upload_form"] = AmbitionUploadForm()
        context["signatory_form"] = SignatoryForm()
        context["action_line_form"] = ActionLineForm()
    return render(request, "intake/application_detail.html", context)


@role_required(Role.APPLICANT)
def application_edit(request, pk):
    application = _application(request, pk)
    if not services.is_member(request.user, application.consortium):
        raise PermissionDenied
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
                actor=request.user,
                expected_version=data["version"],
                data=form.service_data(),
            ),
        )
    ):
        messages.success(request, _("Draft saved."))
        return redirect("intake:detail", pk=pk)
    return render(request, "intake/application_form.html", {"form": form, "application": application})


@role_required(Role.APPLICANT)
def party_edit(request, pk, party_pk=None):
    application = _application(request, pk)
    if not services.is_member(request.user, application.consortium):
        raise PermissionDenied
    party = get_object_or_404(Party, pk=party_pk, application=application) if party_pk else None
    form = PartyForm(request.POST or None, instance=party)

    def save(data):
        values = {name: data[name] for name in services.PARTY_FIELDS}
        if party is None:
            return services.party_create(application=application, actor=request.user, **values)
        return services.party_update(
            party=party, actor=request.user, expected_version=data["version"] or party.version, **values
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
@role_required(Role.APPLICANT)
def party_delete(request, pk, party_pk):
    application = _application(request, pk)
    party = get_object_or_404(Party, pk=party_pk, application=application)
    try:
        services.party_delete(party=party, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("intake:detail", pk=pk)


@require_POST
@role_required(Role.APPLICANT)
def signatory_add(request, pk, party_pk):
    application = _application(request, pk)
    party = get_object_or_404(Party, pk=party_pk, application=application)
    return _submit_to_detail(request, pk, SignatoryForm(request.POST), services.signatory_create, party=party)


@require_POST
@role_required(Role.APPLICANT)
def signatory_delete(request, pk, signatory_pk):
    application = _application(request, pk)
    signatory = get_object_or_404(Signatory, pk=signatory_pk, party__application=application)
    try:
        services.signatory_delete(signatory=signatory, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("intake:detail", pk=pk)


@require_POST
@role_required(Role.APPLICANT)
def action_line_add(request, pk):
    application = _application(request, pk)
    return _submit_to_detail(
        request, pk, ActionLineForm(request.POST), services.action_line_create, application=application
    )


@require_POST
@role_required(Role.APPLICANT)
def action_line_delete(request, pk, line_pk):
    application = _application(request, pk)
    line = get_object_or_404(ActionLine, pk=line_pk, application=application)
    try:
        services.action_line_delete(action_line=line, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("intake:detail", pk=pk)


@require_POST
@role_required(Role.APPLICANT)
def ambition_upload(request, pk):
    application = _application(request, pk)
    form = AmbitionUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.application_upload_ambition(
                application=application, actor=request.user, upload=form.cleaned_data["ambition_document"]
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Ambition document uploaded."))
    else:
        messages.error(request, _("Choose a PDF file to upload."))
    return redirect("intake:detail", pk=pk)


@role_required(*INTAKE_ROLES)
def ambition_download(request, pk):
    """The signed ambition document, for the consortium and assessors only; always as a download (never
    rendered inline), with the stored random name behind it."""
    application = _application(request, pk)
    if not (services.is_member(request.user, application.consortium) or services.is_assessor(request.user)):
        raise PermissionDenied
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
@role_required(Role.APPLICANT)
def application_submit(request, pk):
    application = _application(request, pk)
    try:
        services.application_submit(application=application, actor=request.user)
    except ValidationError as error:
        messages.error(request, _("The application cannot be submitted yet:"))
        _errors(request, error)
    else:
        messages.success(request, _("Application submitted to the Versnellingshuis."))
    return redirect("intake:detail", pk=pk)


def _with_reason(request, pk, *, action, missing: str, done: str):
    """Run a status change that needs a stated reason (withdraw, reject) and return to the application."""
    application = _application(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, missing)
        return redirect("intake:detail", pk=pk)
    try:
        action(application=application, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, done)
    return redirect("intake:detail", pk=pk)


@require_POST
@role_required(*INTAKE_ROLES)
def application_withdraw(request, pk):
    return _with_reason(
        request,
        pk,
        action=services.application_withdraw,
        missing=_("Give the reason for the withdrawal."),
        done=_("Application withdrawn."),
    )


@require_POST
@role_required(Role.ASSESSOR)
def application_reject(request, pk):
    return _with_reason(
        request,
        pk,
        action=services.application_reject,
        missing=_("Give the reason for the rejection."),
        done=_("Application rejected."),
    )


@require_POST
@role_required(Role.ASSESSOR)
def start_assessment(request, pk):
    application = _application(request, pk)
    try:
        services.application_start_assessment(application=application, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("intake:detail", pk=pk)


@require_POST
@role_required(Role.ASSESSOR)
def criterion_assess(request, pk):
    application = _application(request, pk)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_assess(application=application, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Verdict recorded."))
    else:
        messages.error(request, _("Choose the criterion and the verdict, and give the reason."))
    return redirect("intake:detail", pk=pk)


@require_POST
@role_required(Role.ASSESSOR)
def advice_record(request, pk):
    application = _application(request, pk)
    form = AdviceForm(request.POST)
    if form.is_valid():
        try:
            services.advice_record(application=application, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Advice recorded."))
    else:
        messages.error(request, _("Give the advice (positive or negative), its text and its date."))
    return redirect("intake:detail", pk=pk)


@role_required(Role.ASSESSOR)
def decision_record(request, pk):
    """The decision step: shows the quota state for the date chosen and records the Stuurgroep decision."""
    application = _application(request, pk)
    if not selectors.is_decision_stage(application):
        messages.error(request, _("A decision is recorded after the transition agenda's advice."))
        return redirect("intake:detail", pk=pk)
    form = DecisionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form, lambda data: services.decision_record(application=application, actor=request.user, **data)
        )
    ):
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
            "advice": services.current_advice(application),
            "criteria": selectors.criteria_rows(application),
            "current_decision": services.current_decision(application),
        },
    )


@require_POST
@role_required(Role.ASSESSOR)
def application_advance(request, pk, to_status):
    application = _application(request, pk)
    form = AdvanceForm(request.POST)
    form.is_valid()
    try:
        services.application_advance(
            application=application,
            actor=request.user,
            to_status=to_status,
            reason_for_applicant=form.cleaned_data.get("reason_for_applicant", ""),
        )
    except ValidationError as error:
        _errors(request, error)
    return redirect("intake:detail", pk=pk)


def support_instruments(request):
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
                "reasons": [_(message) % params for message, params in fit.reasons],
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


@role_required(Role.PROGRAMME_OFFICE)
def hand_over(request):
    """Approved applications become projects in the portfolio (programme office)."""
    form = HandOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = get_object_or_404(selectors.handover_list(), pk=form.cleaned_data["application"])
        try:
            project = services.application_hand_over(
                application=application, actor=request.user, team=form.cleaned_data["team"]
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request,
                _("%(title)s is now project %(number)s in the portfolio.")
                % {"title": application.title, "number": project.number},
            )
        return redirect("intake:handover")
    return render(request, "intake/handover.html", {"applications": selectors.handover_list(), "form": form})
