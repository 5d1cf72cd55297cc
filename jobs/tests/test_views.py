"""The jobs pages: the programme office's overview (filtered, paginated, a constant number of queries), one's
own list, a job's page and its polled status, cancel and start again from the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from jobs.models import JobRun

pytestmark = pytest.mark.django_db


def job(user, status="done", kind="test.kind", **values):
    now = timezone.now()
    return JobRun.objects.create(
        kind=kind, started_by=user, view_action="jobs.view_own_jobs", status=status, started_at=now, **values
    )


def test_the_overview_lists_every_job_filtered_by_status_and_paginated(client, user_for):
    office, lead = user_for(Role.PROGRAMME_OFFICE), user_for(Role.TEAM_LEAD)
    for _ in range(26):
        job(lead, status="done")
    lost = job(office, status="lost")
    client.force_login(office)
    page = client.get(reverse("jobs:overview")).content.decode()
    assert "27 jobs" in page and "Page 1 of 2" in page
    filtered = client.get(reverse("jobs:overview"), {"status": "lost"}).content.decode()
    assert "1 job" in filtered and reverse("jobs:detail", args=[lost.pk]) in filtered
    assert client.get(reverse("jobs:overview"), {"status": "nonsense"}).status_code == 200


def test_the_overview_needs_the_same_queries_for_few_and_many_jobs(client, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    client.force_login(office)
    job(office)
    client.get(reverse("jobs:overview"))  # warm the session and the permission caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("jobs:overview"))
    for n in range(20):
        job(user_for(Role.TEAM_LEAD) if n % 2 else office)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("jobs:overview"))
    assert len(many) == len(few)


def test_my_jobs_lists_only_my_own(client, user_for):
    mine, theirs = job(user_for(Role.READER)), job(user_for(Role.TEAM_LEAD))
    client.force_login(user_for(Role.READER))
    page = client.get(reverse("jobs:mine")).content.decode()
    assert reverse("jobs:detail", args=[mine.pk]) in page
    assert reverse("jobs:detail", args=[theirs.pk]) not in page
    assert client.get(reverse("jobs:detail", args=[theirs.pk])).status_code == 404


def test_the_status_fragment_polls_while_active_and_reloads_the_page_when_ended(client, user_for):
    reader = user_for(Role.READER)
    running = job(reader, status="running", progress_done=3, progress_total=4)
    client.force_login(reader)
    url = reverse("jobs:status", args=[running.pk])
    fragment = client.get(url, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="3" max="4"' in html and "3 of 4 (75 %)" in html
    assert fragment.get("HX-Refresh") is None
    JobRun.objects.filter(pk=running.pk).update(status="done")
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_cancel_and_start_again_from_the_page(client, user_for, kinds):
    kinds.add("test.kind", lambda context, params: None)
    reader = user_for(Role.READER)
    queued = job(reader, status="queued")
    client.force_login(reader)
    page = client.get(reverse("jobs:detail", args=[queued.pk])).content.decode()
    assert 'data-testid="cancel-form"' in page and 'data-testid="restart-form"' not in page
    assert client.post(reverse("jobs:cancel", args=[queued.pk]))["Location"] == reverse(
        "jobs:detail", args=[queued.pk]
    )
    queued.refresh_from_db()
    assert queued.status == "cancelled"
    response = client.post(reverse("jobs:restart", args=[queued.pk]))
    again = JobRun.objects.get(restarted_from=queued)
    assert response["Location"] == reverse("jobs:detail", args=[again.pk])
    assert (again.status, again.started_by) == ("queued", reader)
    # cancelling an ended job says so, in words
    response = client.post(reverse("jobs:cancel", args=[queued.pk]), follow=True)
    assert "This job has already ended." in response.content.decode()


def test_a_job_whose_only_worker_was_killed_shows_lost_without_a_worker_to_reap_it(
    client, user_for, settings
):
    settings.JOBS_LOST_AFTER_SECONDS = 20
    reader = user_for(Role.READER)
    stale = job(reader, status="running", heartbeat_at=timezone.now() - timezone.timedelta(seconds=21))
    fresh = job(reader, status="running", heartbeat_at=timezone.now())
    client.force_login(reader)
    html = client.get(reverse("jobs:status", args=[fresh.pk])).content.decode()
    assert 'data-status="running"' in html
    stale.refresh_from_db()
    assert stale.status == "lost"
    html = client.get(reverse("jobs:detail", args=[stale.pk])).content.decode()
    assert 'data-testid="restart-form"' in html and "stopped reporting" in html


def test_the_overview_exports_what_its_status_filter_shows(client, user_for):
    import csv
    import io

    office, lead = user_for(Role.PROGRAMME_OFFICE), user_for(Role.TEAM_LEAD)
    job(lead, status="done", progress_done=3, progress_total=3)
    job(office, status="lost")
    client.force_login(office)
    assert (
        'href="/jobs/export.csv?status=lost"'
        in client.get(reverse("jobs:overview"), {"status": "lost"}).content.decode()
    )
    content = client.get(reverse("jobs:export-csv"), {"status": "done"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert [row[2:6] for row in rows[1:]] == [["Done", lead.get_full_name() or lead.username, "3", "3"]]
