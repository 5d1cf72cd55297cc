"""Who may do what with background jobs.

Choice: everyone who starts a job sees it in "my jobs", follows it, cancels it and starts it again when it
was lost or failed; the programme office sees and manages every job (the overview). A job's output (a ZIP of
reports, an import result) is served to whoever may see its input: the job records that permission action
when it is started (`JobRun.view_action`), so a person who may not see impact sheets gets no ZIP of them,
even one they started before losing the role. Starting a job is never a permission of its own: the use case
that starts it (an import, a report batch) requires its own action and passes its permit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, check, has_role, nobody, object_rule, signed_in
from accounts.roles import Role

office = has_role(Role.PROGRAMME_OFFICE, reason=_("Only the programme office sees every background job."))


@object_rule(_("This job was started by someone else."))
def started_it(user: Any, job: Any) -> bool:
    return bool(job.started_by_id == user.pk)


@object_rule(_("You may not see what this job read, so not what it produced either."))
def may_see_input(user: Any, job: Any) -> bool:
    return check(user, job.view_action).allowed


PERMISSIONS: dict[str, Rule] = {
    # The overview of every job (running, done, failed, lost).
    "view_all_jobs": office,
    # One's own jobs ("my jobs"): every signed-in person.
    "view_own_jobs": signed_in,
    # A job's page, cancelling it, starting it again: who started it, and the programme office.
    "view_job": started_it | office,
    "cancel_job": started_it | office,
    "restart_job": (started_it | office) & may_see_input,
    # Its output (a file, a result page): whoever may see its input, whoever started it.
    "download_output": (started_it | office) & may_see_input,
    # Only through the use case that starts it (its permit): `jobs.services.start(..., granted_by=permit)`.
    "start_job": nobody,
}
