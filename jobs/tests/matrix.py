"""The jobs app in the role matrix (regiekamer/tests/test_role_matrix.py): the overview of every job for the
programme office; one's own jobs for everyone signed in; a job's page, cancel and restart for who started it
and the programme office; its output only for those of them who may see its input (the job's view_action:
here person records, the programme roles). The world's job was started by the team lead and is done with an
output file; the foreign one by someone outside the matrix."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World, make_user
from jobs.models import JobRun

EVERYONE = set(Role.values)
OFFICE = {Role.PROGRAMME_OFFICE}
OWNER_OR_OFFICE = {Role.TEAM_LEAD, Role.PROGRAMME_OFFICE}
INPUT_ACTION = "stakeholders.view_people"  # the programme roles


def _job(user, name: str) -> JobRun:
    path = default_storage.save(f"jobs/matrix/{name}", ContentFile(b"PK"))
    now = timezone.now()
    return JobRun.objects.create(
        kind="matrix.report",
        started_by=user,
        view_action=INPUT_ACTION,
        status=JobRun.Status.DONE,
        started_at=now,
        finished_at=now,
        output_file=path,
        output_name=name,
    )


def build(world: World) -> None:
    world.job = _job(world.user(Role.TEAM_LEAD), "matrix.zip")
    world.foreign_job = _job(make_user(Role.PROGRAMME_OFFICE, username="matrix-other-office"), "other.zip")


ROUTES = [
    Route("jobs:overview"),
    Route("jobs:mine"),
    Route("jobs:export"),
    Route("jobs:export-csv", query="status=done"),
    Route("jobs:detail", kwargs=lambda w: {"pk": w.job.pk}, obj=lambda w: w.job),
    Route("jobs:status", kwargs=lambda w: {"pk": w.job.pk}, obj=lambda w: w.job),
    Route("jobs:cancel", kwargs=lambda w: {"pk": w.job.pk}, obj=lambda w: w.job, methods=("POST",)),
    Route("jobs:restart", kwargs=lambda w: {"pk": w.job.pk}, obj=lambda w: w.job, methods=("POST",)),
    Route("jobs:output", kwargs=lambda w: {"pk": w.job.pk}, obj=lambda w: w.job),
    Route("jobs:output", kwargs=lambda w: {"pk": w.foreign_job.pk}, obj=lambda w: w.foreign_job),
]


def _on_jobs(allowed: set[str], foreign: set[str]) -> Expect:
    return Expect(allowed, obj=lambda w: w.job, foreign=foreign, foreign_obj=lambda w: w.foreign_job)


EXPECTED = {
    "view_all_jobs": Expect(OFFICE),
    "view_own_jobs": Expect(EVERYONE),
    "view_job": _on_jobs(OWNER_OR_OFFICE, OFFICE),
    "cancel_job": _on_jobs(OWNER_OR_OFFICE, OFFICE),
    # both are programme roles, who may see person records (the job's input)
    "restart_job": _on_jobs(OWNER_OR_OFFICE & set(PROGRAMME_ROLES), OFFICE),
    "download_output": _on_jobs(OWNER_OR_OFFICE & set(PROGRAMME_ROLES), OFFICE),
    "start_job": Expect(set()),
}
