"""The worker starts the scheduled run every so often (jobs.schedule): once per interval, whoever asks."""

import datetime

import time_machine

from jobs import schedule
from jobs.models import JobRun

UTC = datetime.UTC


def test_the_tick_is_started_once_per_interval(db):
    assert "rhythm.tick" in schedule.periodic()
    with time_machine.travel(datetime.datetime(2026, 3, 25, 8, 0, tzinfo=UTC), tick=False):
        assert schedule.run_due() == ["rhythm.tick"]
        assert schedule.run_due() == []  # queued a moment ago: not due
    with time_machine.travel(datetime.datetime(2026, 3, 25, 8, 14, tzinfo=UTC), tick=False):
        assert schedule.run_due() == []
    # Fifteen minutes on, the first has not run (no worker in this test): its dedupe key refuses a second.
    with time_machine.travel(datetime.datetime(2026, 3, 25, 8, 16, tzinfo=UTC), tick=False):
        assert schedule.run_due() == []
    JobRun.objects.update(status=JobRun.Status.DONE)
    with time_machine.travel(datetime.datetime(2026, 3, 25, 8, 17, tzinfo=UTC), tick=False):
        assert schedule.run_due() == ["rhythm.tick"]
    assert JobRun.objects.filter(kind="rhythm.tick").count() == 2
