"""The job system: a job runs through the real worker loop (django-tasks-db, in-process on the test's
database), reports progress, ends done, failed (with its message, nothing half-written), cancelled or lost;
a second start with the same key is refused; the reaper marks a job whose heartbeat stopped."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.authorization import Permit
from accounts.roles import Role
from jobs import services
from jobs.models import JobRun, WorkerBeat
from jobs.runtime import JobError
from jobs.testing import run_queued_jobs
from jobs.worker import JobWorker
from regiekamer.texts import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(user_for):
    return user_for(Role.PROGRAMME_OFFICE)


def start(actor, kind="test.count", params=None, dedupe_key="", view_action="jobs.view_own_jobs"):
    return services.start(
        actor=actor,
        kind=kind,
        params=params or {},
        view_action=view_action,
        dedupe_key=dedupe_key,
        granted_by=Permit(actor, "test.start"),
    )


def count_to(context, params):
    for n in range(1, params["n"] + 1):
        context.progress(n, params["n"], step=Message("Counting %(n)s", n=n))
    context.message("Counted.")
    return {"counted": params["n"]}


def test_a_job_runs_through_the_worker_and_ends_done_with_its_progress_and_result(office, kinds):
    kinds.add("test.count", count_to)
    job = start(office, params={"n": 3})
    assert job.status == "queued" and job.task_id
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"

    assert run_queued_jobs() == 1

    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total, job.result) == ("done", 3, 3, {"counted": 3})
    assert job.step_text == "Counting 3" and job.message_texts == ["Counted."]
    assert job.worker_id == "in-process" and job.started_at <= job.finished_at
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    # the audit trail: queued by the office, then running, then done
    assert [h.status for h in job.history.order_by("history_id")] == ["queued", "running", "done"]
    assert {h.history_user for h in job.history.all()} == {office}
    assert run_queued_jobs() == 0  # nothing runs twice


def test_a_job_that_raises_ends_failed_with_a_message_and_nothing_half_written(office, kinds):
    def half_then_crash(context, params):
        with transaction.atomic():  # the unit of work
            Group.objects.create(name="half-written")
            raise KeyError("internal detail")

    kinds.add("test.crash", half_then_crash)
    job = start(office, kind="test.crash")
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error_text == (
        f"The job stopped on an unexpected error; nothing of what it was writing was saved. The error is in "
        f"the server log (job {job.pk})."
    )
    assert "KeyError" not in job.error_text and "internal detail" not in job.error_text
    assert not Group.objects.filter(name="half-written").exists()


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (ValidationError("The file has no header row."), "The file has no header row."),
        (JobError(Message("Team %(code)s has no projects.", code="x")), "Team x has no projects."),
    ],
)
def test_a_refusal_is_shown_with_its_own_message(office, kinds, error, shown):
    def refuse(context, params):
        raise error

    kinds.add("test.refuse", refuse)
    job = start(office, kind="test.refuse")
    run_queued_jobs()
    job.refresh_from_db()
    assert (job.status, job.error_text) == ("failed", shown)


def test_the_same_key_twice_is_refused_while_the_first_is_active(office, kinds):
    kinds.add("test.count", count_to)
    first = start(office, params={"n": 1}, dedupe_key="import:7")
    with pytest.raises(services.JobAlreadyRunning) as refused:
        start(office, params={"n": 1}, dedupe_key="import:7")
    assert refused.value.job == first
    assert "already queued or running" in refused.value.messages[0]
    assert JobRun.objects.count() == 1 and DBTaskResult.objects.count() == 1
    run_queued_jobs()
    start(office, params={"n": 1}, dedupe_key="import:7")  # once the first ended, it may start again
    assert JobRun.objects.count() == 2


def test_the_database_refuses_two_active_jobs_with_one_key(office):
    JobRun.objects.create(kind="k", started_by=office, view_action="x", dedupe_key="k1", status="running")
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - IntegrityError of either database
        JobRun.objects.create(kind="k", started_by=office, view_action="x", dedupe_key="k1", status="queued")
    JobRun.objects.create(kind="k", started_by=office, view_action="x", dedupe_key="k1", status="done")


def test_a_queued_job_cancelled_is_never_run(office, kinds):
    ran = []
    kinds.add("test.mark", lambda context, params: ran.append(1))
    job = start(office, kind="test.mark")
    services.cancel(actor=office, job=job)
    assert job.status == "cancelled"
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "cancelled" and ran == []


def test_a_running_job_cancelled_stops_at_its_next_check_and_rolls_back_its_unit(office, kinds):
    def cancelled_midway(context, params):
        job = JobRun.objects.get(pk=context.job_id)
        for n in range(1, 4):
            with transaction.atomic():
                Group.objects.create(name=f"unit {n}")
                context.progress(n, 3)
            if n == 1:
                services.cancel(actor=job.started_by, job=job)  # the owner clicks "cancel" meanwhile

    kinds.add("test.units", cancelled_midway)
    job = start(office, kind="test.units")
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "cancelled" and job.cancel_requested
    assert list(Group.objects.filter(name__startswith="unit").values_list("name", flat=True)) == ["unit 1"]


def test_the_reaper_marks_a_job_whose_heartbeat_stopped_lost(office, kinds, settings):
    settings.JOBS_HEARTBEAT_SECONDS, settings.JOBS_LOST_AFTER_SECONDS = 5, 10
    kinds.add("test.count", count_to)
    stale, fresh = start(office, params={"n": 1}), start(office, params={"n": 1})
    now = timezone.now()
    JobRun.objects.filter(pk=stale.pk).update(status="running", heartbeat_at=now - dt.timedelta(seconds=11))
    JobRun.objects.filter(pk=fresh.pk).update(status="running", heartbeat_at=now - dt.timedelta(seconds=9))
    DBTaskResult.objects.filter(id=stale.task_id).update(status="RUNNING")

    assert services.reap_lost(now=now) == [stale.pk]

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == ("lost", "running")
    assert "stopped reporting" in stale.error_text and stale.finished_at == now
    assert stale.history.first().history_user.is_system  # the reaper acts as the system
    assert DBTaskResult.objects.get(id=stale.task_id).status == "FAILED"  # the queue does not keep it running


def test_a_lost_job_is_started_again_by_its_owner_as_a_new_run(office, kinds):
    kinds.add("test.count", count_to)
    job = start(office, params={"n": 2}, dedupe_key="k")
    JobRun.objects.filter(pk=job.pk).update(status="lost")
    job.refresh_from_db()
    again = services.restart(actor=office, job=job)
    assert (again.status, again.restarted_from, again.params, again.dedupe_key) == (
        "queued",
        job,
        {"n": 2},
        "k",
    )
    run_queued_jobs()
    again.refresh_from_db()
    assert again.status == "done"


def test_a_job_marked_lost_while_it_runs_stops_and_keeps_lost(office, kinds):
    """A worker that was only slow (its heartbeat late) learns it was marked lost and stops: the job is not
    finished twice."""

    def slow(context, params):
        JobRun.objects.filter(pk=context.job_id).update(status="lost")  # the reaper of another worker
        with transaction.atomic():
            Group.objects.create(name="late")
            context.progress(1, 1)

    kinds.add("test.slow", slow)
    job = start(office, kind="test.slow")
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "lost" and not Group.objects.filter(name="late").exists()


def test_output_of_a_failed_job_is_removed(office, kinds):
    paths = []

    def writes_then_fails(context, params):
        paths.append(context.save_output("half.zip", b"PK"))
        raise ValidationError("Stopped.")

    kinds.add("test.out", writes_then_fails)
    job = start(office, kind="test.out")
    run_queued_jobs()
    job.refresh_from_db()
    from django.core.files.storage import default_storage

    assert job.status == "failed" and job.output_file == "" and not default_storage.exists(paths[0])


def test_the_health_check_needs_a_recent_worker_beat(settings, client):
    settings.JOBS_LOST_AFTER_SECONDS = 20
    assert client.get("/healthz").json()["checks"]["jobs"] == "fail"
    worker = JobWorker(worker_id="w1", heartbeat_thread=False)
    services.worker_beat(worker_id="w1", host="h", pid=1, started_at=timezone.now())
    assert client.get("/healthz").json()["checks"]["jobs"] == "ok"
    WorkerBeat.objects.update(beat_at=timezone.now() - dt.timedelta(seconds=21))
    assert client.get("/healthz").json()["checks"]["jobs"] == "fail"
    worker.stop()
    assert not WorkerBeat.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"), [("nl", "100.000 rijen geëxporteerd."), ("en", "100,000 rows exported.")]
)
def test_a_count_in_a_job_message_is_grouped_as_the_reader_language_writes_it(language, expected):
    from django.utils import translation

    from jobs.models import message_json, message_text

    stored = message_json(Message("%(n)s rows exported.", n=100_000))
    with translation.override(language):
        assert message_text(stored) == expected
