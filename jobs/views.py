"""The overview of background jobs (programme office), one's own jobs, a job's page with live progress,
cancel, start again, and its output file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.authorization import can, permission_required, require
from regiekamer.forms import flash_errors

from . import selectors, services
from .models import JobRun

PAGE_SIZE = 25


def _job(request, pk: int, action: str = "jobs.view_job") -> JobRun:
    services.reap_if_due()
    job = get_object_or_404(JobRun.objects.select_related("started_by"), pk=pk)
    if not can(request.user, "jobs.view_job", job):
        raise Http404(_("No such job."))
    require(request.user, action, job)
    return job


@permission_required("jobs.view_all_jobs")
def overview(request):
    services.reap_if_due()
    status = selectors.overview_status(request.GET)
    page = Paginator(selectors.jobs_overview(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/job_list.html",
        {
            "page": page,
            "status": status,
            "statuses": JobRun.Status.choices,
            "query": f"status={status}&" if status else "",
            "everyone": True,
        },
    )


@permission_required("jobs.view_own_jobs")
def mine(request):
    services.reap_if_due()
    page = Paginator(selectors.jobs_of(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/job_list.html",
        {
            "page": page,
            "query": "",
            "everyone": False,
            "can_see_all": can(request.user, "jobs.view_all_jobs"),
        },
    )


def _detail_context(request, job: JobRun) -> dict:
    return {
        "job": job,
        "can_cancel": job.is_active and can(request.user, "jobs.cancel_job", job),
        "can_restart": job.status in (JobRun.Status.LOST, JobRun.Status.FAILED, JobRun.Status.CANCELLED)
        and can(request.user, "jobs.restart_job", job),
        "can_download": bool(job.output_file) and can(request.user, "jobs.download_output", job),
    }


@permission_required("jobs.view_job")
def detail(request, pk: int):
    job = _job(request, pk)
    return render(request, "jobs/job_detail.html", _detail_context(request, job))


@permission_required("jobs.view_job")
def status(request, pk: int):
    """The status panel, polled by the job's page while the job is queued or running; once it has ended a
    poll reloads the page (HX-Refresh)."""
    job = _job(request, pk)
    response = render(request, "jobs/_job_status.html", _detail_context(request, job))
    if request.headers.get("HX-Request") and not job.is_active:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@permission_required("jobs.cancel_job")
def cancel(request, pk: int):
    job = _job(request, pk, "jobs.cancel_job")
    try:
        services.cancel(actor=request.user, job=job)
    except ValidationError as error:
        flash_errors(request, error, level=messages.WARNING)
    else:
        messages.success(request, _("The job is cancelled (a running job stops at its next step)."))
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@permission_required("jobs.restart_job")
def restart(request, pk: int):
    job = _job(request, pk, "jobs.restart_job")
    try:
        new = services.restart(actor=request.user, job=job)
    except ValidationError as error:
        flash_errors(request, error, level=messages.WARNING)
        return redirect("jobs:detail", pk=job.pk)
    messages.success(request, _("The job has been started again."))
    return redirect("jobs:detail", pk=new.pk)


@permission_required("jobs.download_output")
def output(request, pk: int):
    job = _job(request, pk, "jobs.download_output")
    if job.status != JobRun.Status.DONE or not job.output_file:
        raise Http404(_("This job has no output file."))
    return FileResponse(
        default_storage.open(job.output_file, "rb"), as_attachment=True, filename=job.output_name
    )
