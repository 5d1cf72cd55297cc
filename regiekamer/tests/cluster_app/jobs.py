"""The scenario's job kind: wait `seconds` in steps (reporting progress, stopping when cancelled or lost),
then write its unit in one transaction. Each start is logged outside that transaction, so the scenario can
tell a task that ran twice (two starts) from one that was lost (a start without a unit).

Idempotent, as every job must be: a unit that is already written is not written again."""

import os
import time

from django.db import connection, transaction

STARTS = "cluster_scenario_start"
UNITS = "cluster_scenario_unit"


def create_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {STARTS} (id serial PRIMARY KEY, job_id integer NOT NULL, "
            "unit integer NOT NULL, pid integer NOT NULL, at timestamptz NOT NULL DEFAULT now())"
        )
        # No unique constraint on purpose: a unit written twice must show, not fail.
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {UNITS} (id serial PRIMARY KEY, job_id integer NOT NULL, "
            "unit integer NOT NULL, pid integer NOT NULL, at timestamptz NOT NULL DEFAULT now())"
        )


def run_unit(context, params):
    unit, seconds, steps = params["unit"], float(params["seconds"]), 10
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {STARTS} (job_id, unit, pid) VALUES (%s, %s, %s)",  # noqa: S608 - constant names
            [context.job_id, unit, os.getpid()],
        )
        cursor.execute(f"SELECT count(*) FROM {UNITS} WHERE unit = %s", [unit])  # noqa: S608
        if cursor.fetchone()[0]:
            return {"unit": unit, "already_written": True}
    for step in range(steps):
        context.progress(step, steps, step=f"unit {unit}")
        time.sleep(seconds / steps)
    context.check_cancelled()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {UNITS} (job_id, unit, pid) VALUES (%s, %s, %s)",  # noqa: S608
            [context.job_id, unit, os.getpid()],
        )
    context.progress(steps, steps, step=f"unit {unit}")
    return {"unit": unit, "pid": os.getpid()}
