"""What the scenario does inside the cluster's installation, each run as
`python -c "import django; django.setup(); from regiekamer.tests.cluster_app import actions; actions.X()"`
with the cluster's settings. Each prints one JSON line."""

import json

from django.core.management import call_command

PASSWORD = "cluster-scenario-password-1"  # noqa: S105 - a throwaway database's test account


def install() -> None:
    """Migrate, create the programme-office account that starts the batch and the import, and the scenario's
    tables."""
    from accounts.authorization import system_actor
    from accounts.roles import Role
    from accounts.services import user_ensure
    from stakeholders.services import sources_ensure

    from .jobs import create_tables

    call_command("migrate", interactive=False, verbosity=0)
    sources_ensure()  # the register's sources, which the import page offers
    user_ensure(
        actor=system_actor(), username="cluster-office", password=PASSWORD, roles=[Role.PROGRAMME_OFFICE]
    )
    create_tables()
    print(json.dumps({"installed": True}))


def start_batch(units: int, seconds: float) -> None:
    """Queue one job per unit, as the programme office (a batch as a person starts one)."""
    from accounts.authorization import require
    from accounts.models import User
    from jobs import services

    office = User.objects.get(username="cluster-office")
    permit = require(office, "jobs.view_all_jobs")
    ids = [
        services.start(
            actor=office,
            kind="cluster.unit",
            params={"unit": unit, "seconds": seconds},
            view_action="jobs.view_all_jobs",
            granted_by=permit,
            dedupe_key=f"cluster-unit-{unit}",
        ).pk
        for unit in range(units)
    ]
    print(json.dumps({"jobs": ids}))
