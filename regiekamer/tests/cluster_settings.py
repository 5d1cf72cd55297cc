"""Settings of the multi-host scenario's processes (regiekamer/tests/test_cluster.py): the production profile
as deployed, plus the test-only app with the scenario's slow job kind."""

from regiekamer.settings.production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "regiekamer.tests.cluster_app"]  # noqa: F405

# The scenario counts the jobs of its own batch: no periodic job (the reminders' tick) started beside them.
JOBS_PERIODIC = False
