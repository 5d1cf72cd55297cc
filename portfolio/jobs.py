"""The portfolio's background jobs (registered in PortfolioConfig.ready()): report batches, every current
impact sheet or latest progress report of a selection as PDFs in one ZIP."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.registry import register_kind
from jobs.runtime import JobContext
from regiekamer.texts import Message, gettext_noop


def _run_batch(context: JobContext, params: dict[str, Any], *, kind: str) -> dict[str, Any]:
    """One PDF per project into a ZIP, progress per project; a cancel stops between two projects. The ZIP is
    the job's output (kept only when the job ends done). Idempotent: running it again makes the ZIP again."""
    from .printing import impact_sheet_pdf, progress_report_pdf
    from .services.batches import IMPACT_SHEETS, batch_projects

    team, cluster = params.get("team", ""), params.get("cluster", "")
    projects = list(batch_projects(kind=kind, team=team, cluster=cluster))
    if kind == IMPACT_SHEETS:
        render, prefix, plural = impact_sheet_pdf, "impactsheet", "impactsheets"
    else:
        render, prefix, plural = progress_report_pdf, "voortgangsrapportage", "voortgangsrapportages"
    buffer = io.BytesIO()
    files = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, project in enumerate(projects):
            step = Message(gettext_noop("Project %(number)s"), number=project.number)
            context.progress(done, len(projects), step=step)
            pdf = render(project)
            if pdf is None:  # its sheet was removed since the selection was made
                continue
            name = f"{prefix}-{project.number}.pdf"
            archive.writestr(name, pdf)
            files.append(name)
    context.progress(len(projects), len(projects), step=Message(gettext_noop("ZIP file made")))
    selection = "-".join(part for part in (team, cluster) if part) or "alle"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    context.save_output(f"{plural}-{selection}-{stamp}.zip", buffer.getvalue())
    context.message(Message(gettext_noop("%(n)s PDF files in the ZIP file."), n=len(files)))
    return {"files": len(files), "team": team, "cluster": cluster}


def run_impact_sheets(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    from .services.batches import IMPACT_SHEETS

    return _run_batch(context, params, kind=IMPACT_SHEETS)


def run_progress_reports(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    from .services.batches import PROGRESS_REPORTS

    return _run_batch(context, params, kind=PROGRESS_REPORTS)


def register() -> None:
    from .services.batches import IMPACT_SHEETS, PROGRESS_REPORTS

    register_kind(IMPACT_SHEETS, label=_("Impact sheets as PDF"), run=run_impact_sheets)
    register_kind(PROGRESS_REPORTS, label=_("Progress reports as PDF"), run=run_progress_reports)
