"""Progress reports (voortgangsrapportage, Bijlage 8): every report is kept; the rules of its rows are the
pure functions of portfolio.progress_rows."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from regiekamer.texts import Message, gettext_noop, translate

from .. import progress_rows
from ..models import ProgressReport, Project
from ..progress_rows import RowProblem


def _as_error(problem: RowProblem) -> ValidationError:
    """A row problem as the ValidationError a form with rows places next to its input (template, code and
    params kept, so FormWithRows reads `row`/`column` or the milestone `code`)."""
    message = problem.message
    params = {key: translate(value) for key, value in message.params.items()}
    return ValidationError(_(message.template), code=problem.code, params={**params, **problem.params})


@transaction.atomic
def progress_report_create(
    *,
    actor: User,
    project: Project,
    report_date: datetime.date,
    finance_date: datetime.date,
    budget_needed: Decimal | str | None,
    spent: Decimal | str | None,
    funding: list[dict[str, Any]],
    timeline_start: datetime.date,
    timeline_end: datetime.date,
    milestones: Mapping[str, Any] | None = None,
    percent_ready: int | None = 0,
    done: list[str] | None = None,
    completed: list[str] | None = None,
    risks: list[dict[str, Any]] | None = None,
    issues: list[dict[str, Any]] | None = None,
    dependencies: Iterable[Project] = (),
    other_dependencies: list[str] | None = None,
) -> ProgressReport:
    """Add a periodic progress report; earlier reports are kept, never overwritten. The current phase is taken
    from the phase gates. Every problem is collected and refused at once, keyed by the argument it concerns;
    a problem on a line (grant, risk, issue) or a milestone carries `row`/`code` and `column` in its
    params, so a form can put it next to the input."""
    require(actor, "portfolio.write_progress_report", project)
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message))

    if percent_ready is None or not 0 <= percent_ready <= 100:
        refuse("percent_ready", _("The % ready lies between 0 and 100."))
    if timeline_start and timeline_end and timeline_end < timeline_start:
        refuse("timeline_end", _("The timeline ends before it starts."))
    amounts: dict[str, Decimal | None] = {}
    for field, value in (("budget_needed", budget_needed), ("spent", spent)):
        try:
            amount = amounts[field] = progress_rows.as_amount(value)
        except ValueError:
            refuse(field, _("Not a number."))
            continue
        if amount is None:
            refuse(field, _("Fill in an amount (0 if none)."))
        elif amount < 0:
            refuse(field, _("An amount cannot be negative."))
    grant_lines, problems = progress_rows.funding_lines(funding)
    months, milestone_problems = progress_rows.milestone_months(milestones, timeline_start, timeline_end)
    risk_lines, risk_problems = progress_rows.report_lines(
        risks, field="risks", kind=Message(gettext_noop("Risks"))
    )
    issue_lines, issue_problems = progress_rows.report_lines(
        issues, field="issues", kind=Message(gettext_noop("Issues"))
    )
    for problem in problems + milestone_problems + risk_problems + issue_problems:
        errors.setdefault(problem.field, []).append(_as_error(problem))
    depends_on = list(dependencies)
    if any(other.pk == project.pk for other in depends_on):
        refuse("dependencies", _("A project does not depend on itself."))
    if errors:
        raise ValidationError(errors)
    needed, used = amounts["budget_needed"], amounts["spent"]
    assert needed is not None and used is not None and percent_ready is not None  # refused above otherwise
    report = ProgressReport.objects.create(
        project=project,
        report_date=report_date,
        finance_date=finance_date,
        budget_needed=needed,
        spent=used,
        funding=grant_lines,
        timeline_start=timeline_start,
        timeline_end=timeline_end,
        milestones=months,
        percent_ready=percent_ready,
        done=progress_rows.lines(done),
        completed=progress_rows.lines(completed),
        risks=risk_lines,
        issues=issue_lines,
        other_dependencies=progress_rows.lines(other_dependencies),
        phase_at_report=Project.objects.values_list("phase", flat=True).get(pk=project.pk),
        created_by=actor,
    )
    report.dependencies.set(depends_on)
    return report
