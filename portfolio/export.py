"""Export of the portfolio list (jobs.exports: XLSX or CSV, as a job when long): one row per project, the
filters written above the XLSX table; and the progress report as XLSX. Both through regiekamer.xlsx: a title
or any other text that starts like a formula is written as text; the report's own sums are its only
formulas."""

from datetime import date
from typing import cast

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.worksheet.worksheet import Worksheet

from accounts.models import User
from jobs import exports
from programme.models import Team
from regiekamer import xlsx
from regiekamer.xlsx import DATE_FORMAT

from . import selectors
from .workflow import leidraad


def project_table(user: User, query: QueryDict) -> exports.Table:
    """The portfolio as the list page shows it for `user` and `query` (its filters; `team_code` from a team's
    own page): one row per project, the filters named above the XLSX table."""
    from .forms import PortfolioFilterForm
    from .permissions import visible_projects

    code = query.get("team_code", "")
    team = Team.objects.filter(code=code).first() if code else None
    form = PortfolioFilterForm(query, fixed_team=team)
    projects = visible_projects(user, selectors.project_list(form.filters(team)))
    shown = {key: value for key, value in query.items() if value and key not in ("team_code", "page")}
    caption = ", ".join(f"{key}={value}" for key, value in shown.items())
    if team:
        caption = ", ".join(filter(None, [f"team={team.code}", caption]))
    workflow = leidraad()

    def lead_of(project) -> str:
        lead = project.lead_user.get_full_name() or project.lead_user.username if project.lead_user else ""
        return lead or (project.lead_person.name if project.lead_person else "")

    rows = (
        [
            project.number,
            project.title,
            project.team.name,
            project.team.pillar.name if project.team.pillar else "",
            workflow.state(project.phase).name,
            workflow.status_name(project.status),
            project.team.lead.name if project.team.lead else "",
            lead_of(project),
            project.start_date,
            project.due_date,
            ", ".join(c.name for c in project.clusters.all()),
            ", ".join(s.display_code for s in project.sbi_codes.all()),
            ", ".join(h.label for h in project.horizons.all()),
            ", ".join(t.name for t in project.kia_themes.all()),
            ", ".join(t.name for t in project.supraregional_themes.all()),
            project.result_description,
            project.resources,
            project.quality_criteria,
        ]
        for project in projects.iterator(chunk_size=1000)
    )
    headers = [
        _("Number"),
        _("Title"),
        _("Team"),
        _("Pillar"),
        _("Phase"),
        _("Status"),
        _("Sponsor (team lead)"),
        _("Project lead"),
        _("Start date"),
        _("Due date"),
        _("Product clusters"),
        _("Product groups (SBI)"),
        _("Horizons"),
        _("KIA-CM topics"),
        _("Supra-regional themes"),
        _("Result"),
        _("Resources"),
        _("Quality criteria"),
    ]
    filename = f"portfolio-{team.code}" if team else "portfolio"
    return exports.Table(
        headers=headers, count=projects.count(), rows=rows, filename=filename, caption=caption
    )


PROJECTS = exports.ListExport(
    name="portfolio.projects",
    title=gettext_lazy("Project portfolio"),
    action="portfolio.view_portfolio",
    build=project_table,
)


# Excel shows these in the reader's locale: 1-3-2020 as 'mrt-20', 100000 as '€ 100.000' in Dutch.
MONTH_FORMAT = "mmm-yy"
EURO_FORMAT = '"€" #,##0'


def _month(value: str | None) -> date | None:
    """A stored milestone month (ISO text) as a date cell."""
    return date.fromisoformat(value) if value else None


def progress_report_workbook(report, *, project) -> bytes:
    """The voortgangsrapportage as one worksheet, in the order of Bijlage 8 (finance computed, not typed)."""
    from .reporting import MILESTONES

    workflow = leidraad()
    finance = report.finance
    workbook = xlsx.new_workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook has one sheet
    sheet.title = "Voortgang"
    sheet.append(["Project nr", project.number])
    sheet.append(["Project", project.title])
    sheet.append(["Rapportagedatum", report.report_date])
    sheet.cell(row=sheet.max_row, column=2).number_format = DATE_FORMAT
    sheet.append(["Huidige fase", workflow.state(report.phase_at_report).name])
    sheet.append(["Projectresultaat % gereed", report.percent_ready / 100])
    sheet.cell(row=5, column=2).number_format = "0%"
    sheet.append([])
    sheet.append(["Mijlpaal", "Gepland", "Werkelijk"])
    for code, label in MILESTONES:
        entry = report.milestones.get(code, {})
        sheet.append([label, *(_month(entry.get(kind)) for kind in ("planned", "actual"))])
        for column in (2, 3):
            sheet.cell(row=sheet.max_row, column=column).number_format = MONTH_FORMAT
    sheet.append([])
    for title, items in (("Gedaan", report.done), ("Afgerond", report.completed)):
        sheet.append([title])
        for item in items:
            sheet.append(["", item])
    for title, items in (("Risico's", report.risks), ("Issues", report.issues)):
        sheet.append([title, "", "Eigenaar", "Status"])
        for item in items:
            sheet.append(["", item.get("text"), item.get("owner"), item.get("status")])
    sheet.append(["Afhankelijkheden"])
    for dependency in report.dependencies.all():
        sheet.append(["", f"{dependency.number} {dependency.title}"])
    for dependency in report.other_dependencies:
        sheet.append(["", dependency])
    sheet.append([])
    sheet.append(["Financieel", f"Per {report.finance_date:%d-%m-%Y}"])
    first = sheet.max_row + 1
    sheet.append(["Totaal benodigd project budget", finance.needed])
    funder_rows = []
    sheet.append(["Toegekend project budget", None])
    granted_row = sheet.max_row
    for funder, amount in finance.granted_by_funder:
        sheet.append([f"Waarvan via {funder}", amount])
        funder_rows.append(sheet.max_row)
    if funder_rows:
        xlsx.put_formula(sheet, f"B{granted_row}", f"=SUM(B{funder_rows[0]}:B{funder_rows[-1]})")
    else:
        sheet.cell(row=granted_row, column=2).value = 0
    sheet.append(["Totaal uitgenut project budget", finance.spent])
    spent_row = sheet.max_row
    sheet.append(["Actueel saldo", None])
    xlsx.put_formula(sheet, f"B{sheet.max_row}", f"=B{granted_row}-B{spent_row}")
    sheet.append(["Budgetbehoefte", None])
    xlsx.put_formula(sheet, f"B{sheet.max_row}", f"=B{first}-B{granted_row}")
    for row in sheet.iter_rows(min_row=first, max_col=2, min_col=2):
        for cell in row:
            cell.number_format = EURO_FORMAT
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60
    return xlsx.workbook_bytes(workbook)
