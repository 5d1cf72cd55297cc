"""Impact sheet and progress report (issue 5): the source's numbers, the computed totals, rights."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as, role_matrix
from portfolio import reporting, services

ALL = set(Role.values)


# --- pure calculations ---


def test_co2_total_of_project_batterijen_from_the_bands():
    # Bijlage 8: R0-R2 empty, R3-R7 17, R8-R9 3 kton/jr. The sheet's indicator says "26 kton/jaar", which the
    # bands do not add up to; the total here is computed from the bands (17 + 3), never typed.
    assert reporting.co2_total({"R0-R2": None, "R3-R7": Decimal(17), "R8-R9": Decimal(3)}) == Decimal(20)
    assert reporting.co2_total({}) == Decimal(0)


def test_finance_of_20_004_per_1_8_2020():
    finance = reporting.Finance(
        needed=Decimal(100000),
        spent=Decimal(40000),
        granted_by_funder=(("RVO", Decimal(60000)), ("Provincie", Decimal(20000))),
    )
    assert (finance.granted, finance.balance, finance.need) == (
        Decimal(80000),
        Decimal(40000),
        Decimal(20000),
    )
    assert finance.overspent is False
    assert (
        reporting.Finance(
            needed=Decimal(10), spent=Decimal(11), granted_by_funder=(("RVO", Decimal(10)),)
        ).overspent
        is True
    )


def test_timeline_months_and_gantt_row():
    months = reporting.month_range(date(2021, 1, 1), date(2021, 12, 1))
    assert len(months) == 12 and months[0] == date(2021, 1, 1) and months[-1] == date(2021, 12, 1)
    row = reporting.gantt_row(months[:4], planned=date(2021, 2, 10), actual=date(2021, 3, 5))
    assert row == ["", "planned", "actual", ""]
    assert reporting.gantt_row(months[:2], planned=date(2021, 1, 1), actual=date(2021, 1, 31)) == ["both", ""]
    assert reporting.month_range(date(2020, 11, 5), date(2021, 2, 1)) == [
        date(2020, 11, 1),
        date(2020, 12, 1),
        date(2021, 1, 1),
        date(2021, 2, 1),
    ]


# --- the demo against Bijlage 8 ---


@pytest.fixture
def demo(db, catalogue):
    import io

    from django.core.management.base import OutputWrapper

    from accounts import demo as accounts_demo
    from portfolio import demo as portfolio_demo
    from programme import demo as programme_demo

    out = OutputWrapper(io.StringIO())
    accounts_demo.load(stdout=out)
    programme_demo.load(stdout=out)
    portfolio_demo.load(stdout=out)
    portfolio_demo.load(stdout=out)


@pytest.mark.django_db
def test_demo_impact_sheet_of_project_batterijen(demo):
    from portfolio.models import Project

    project = Project.objects.get(number="20-004")
    assert project.impact_sheets.count() == 1
    sheet = project.impact_sheets.get()
    assert sheet.status_date == date(2020, 10, 15)
    assert (sheet.co2_r0_r2, sheet.co2_r3_r7, sheet.co2_r8_r9, sheet.co2_total) == (None, 17, 3, 20)
    assert sorted(s.display_code for s in sheet.sbi_codes.all()) == ["29.1", "30.9", "47.6"]
    assert sorted(m.symbol for m in sheet.raw_materials.all()) == sorted(
        ["Mn", "Nb", "Ge", "B", "Sc", "Sr", "Co", "PGM", "C"]
    )
    assert sheet.cluster.name == "Consumentengoederen"
    assert (sheet.added_value_meur, sheet.added_value_base_year, sheet.supply_risk_change) == (
        238,
        2019,
        "some",
    )
    assert [(e["dimension"], e["horizon"], e["description"]) for e in sheet.effect_contributions] == [
        ("M", "0-5y", "Hergebruik batterijen"),
        ("L", "0-10y", "Energietransitie"),
        ("E", "0-5y", "Repair business"),
    ]
    assert sheet.performance == {
        "innovation_engines": "high",
        "functional_value": "medium",
        "technical_value": "low",
        "economic_value": "low",
        "business_propositions": "1 - 5",
    }
    assert (len(sheet.goals), len(sheet.results), len(sheet.milestones), len(sheet.activities)) == (
        3,
        4,
        3,
        5,
    )


@pytest.mark.django_db
def test_demo_progress_report_of_20_004(demo, client, user_for):
    from portfolio.models import Project

    project = Project.objects.get(number="20-004")
    report = project.progress_reports.get()
    finance = report.finance
    assert (finance.needed, finance.granted, finance.spent, finance.balance, finance.need) == (
        100000,
        80000,
        40000,
        40000,
        20000,
    )
    assert [funder for funder, _amount in finance.granted_by_funder] == ["RVO", "Provincie"]
    assert (report.percent_ready, report.phase_at_report, report.finance_date) == (
        10,
        "stakeholder_commitment",
        date(2020, 8, 1),
    )
    assert [p.title for p in report.dependencies.all()] == ["Project sectorale routekaarten"]
    login_as(client, user_for, Role.READER)
    content = client.get(reverse("portfolio:progress-report", args=["20-004"])).content.decode()
    assert 'data-testid="balance">€ 40,000' in content or 'data-testid="balance">€ 40.000' in content
    assert 'data-testid="current-phase">Stakeholder commitment' in content
    content = client.get(reverse("portfolio:impact-sheet", args=["20-004"])).content.decode()
    assert 'data-testid="co2-total">20' in content


# --- rights and bad input ---


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"),
    role_matrix(allowed={Role.PROJECT_LEAD, Role.PROGRAMME_OFFICE}, include_anonymous=False),
)
def test_only_lead_and_office_write_sheets_and_reports(user_for, project, role, allowed):
    def write():
        services.impact_sheet_save(
            actor=user_for(role), project=project, status_date=date(2020, 10, 15), co2_r3_r7=Decimal(17)
        )
        services.progress_report_create(
            actor=user_for(role),
            project=project,
            report_date=date(2020, 8, 1),
            finance_date=date(2020, 8, 1),
            budget_needed=Decimal(100),
            spent=Decimal(10),
            funding=[{"funder": "RVO", "amount": 50}],
            timeline_start=date(2021, 1, 1),
            timeline_end=date(2021, 12, 1),
        )

    if allowed:
        write()
        assert project.impact_sheets.count() == 1 and project.progress_reports.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            write()


@pytest.mark.django_db
def test_versions_are_kept(user_for, project):
    lead = user_for(Role.PROJECT_LEAD)
    services.impact_sheet_save(actor=lead, project=project, status_date=date(2020, 10, 15), co2_r3_r7=17)
    services.impact_sheet_save(actor=lead, project=project, status_date=date(2021, 1, 15), co2_r3_r7=19)
    assert list(project.impact_sheets.values_list("version_number", "co2_r3_r7")) == [(2, 19), (1, 17)]


@pytest.mark.django_db
def test_bad_report_input_is_refused(user_for, project):
    lead = user_for(Role.PROJECT_LEAD)
    base = {
        "actor": lead,
        "project": project,
        "report_date": date(2020, 8, 1),
        "finance_date": date(2020, 8, 1),
        "budget_needed": 100,
        "spent": 10,
        "funding": [],
        "timeline_start": date(2021, 1, 1),
        "timeline_end": date(2021, 12, 1),
    }
    with pytest.raises(ValidationError, match="between 0 and 100"):
        services.progress_report_create(**{**base, "percent_ready": 120})
    with pytest.raises(ValidationError, match="ends before it starts"):
        services.progress_report_create(**{**base, "timeline_end": date(2020, 1, 1)})
    with pytest.raises(ValidationError, match="names its funder"):
        services.progress_report_create(**{**base, "funding": [{"funder": " ", "amount": 5}]})
    with pytest.raises(ValidationError, match="Unknown milestone"):
        services.progress_report_create(**{**base, "milestones": {"launch": {}}})
    # Steel is in the catalogue for bills of materials, but it is not a critical raw material.
    for name in ("Unobtainium", "Staal"):
        with pytest.raises(ValidationError, match=f"Not a critical raw material of the catalogue: {name}"):
            services.impact_sheet_save(
                actor=lead, project=project, status_date=date(2020, 1, 1), raw_materials=[name]
            )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "lines"),
    [
        # Bijlage 8 'Project Batterijen': bands 17 (R3-R7) + 3 (R8-R9); the total is computed: 20.
        (
            "portfolio:impact-sheet",
            ["R3-R7 Levensduurverlenging 17", "R8-R9 Recycling 3", "Totaal (berekend) 20"],
        ),
        # Bijlage 8, project 20-004 per 1-8-2020: saldo 80.000 - 40.000, behoefte 100.000 - 80.000.
        (
            "portfolio:progress-report",
            ["Toegekend project budget € 80.000", "Actueel saldo € 40.000", "Budgetbehoefte € 20.000"],
        ),
    ],
)
def test_pdf_of_the_demo_sheets_is_one_dutch_page_with_the_source_figures(
    demo, client, user_for, page, lines
):
    import pypdfium2
    from django.conf import settings

    login_as(client, user_for, Role.READER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = client.get(reverse(page, args=["20-004"]), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    assert len(pdf) == 1  # the one-page sheet of the source
    text = " ".join(pdf[0].get_textpage().get_text_range().split())
    for line in lines:
        assert line in text


@pytest.mark.django_db
def test_pdf_without_a_sheet_is_404(client, user_for, project):
    login_as(client, user_for, Role.READER)
    assert (
        client.get(reverse("portfolio:impact-sheet", args=[project.number]), {"format": "pdf"}).status_code
        == 404
    )


@pytest.mark.django_db
def test_progress_report_xlsx_of_20_004(demo, client, user_for):
    from io import BytesIO

    from openpyxl import load_workbook

    login_as(client, user_for, Role.READER)
    response = client.get(reverse("portfolio:progress-export", args=["20-004"]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["Totaal benodigd project budget"] == 100000
    assert rows["Waarvan via RVO"] == 60000 and rows["Waarvan via Provincie"] == 20000
    assert rows["Totaal uitgenut project budget"] == 40000
    assert rows["Huidige fase"] == "Stakeholder commitment"
    granted = [c for c in sheet["A"] if c.value == "Toegekend project budget"][0].row
    assert sheet[f"B{granted}"].value.startswith("=SUM(")  # computed in Excel too, never typed


@pytest.mark.django_db
def test_api_of_the_demo_sheets(demo, client, user_for):
    login_as(client, user_for, Role.READER)
    sheet = client.get("/api/portfolio/projects/20-004/impact-sheet/").json()
    assert (sheet["co2_total"], sheet["status_date"], sheet["sbi_codes"]) == (
        "20.00",
        "2020-10-15",
        ["29.1", "30.9", "47.6"],
    )
    reports = client.get("/api/portfolio/projects/20-004/progress-reports/").json()
    assert reports[0]["finance"]["balance"] == "40000.00" and reports[0]["finance"]["need"] == "20000.00"


def test_performance_rows_in_the_sheets_order_with_the_business_propositions_last():
    from portfolio.reporting import performance_rows

    horizons = {"0-10y": "0-10 jr", "0-5y": "0-5 jr", "0-2y": "0-2 jr", "0-1y": "0-1 jr", "0-3m": "0-3 mnd"}
    # Bijlage 8 'Project Batterijen': Hoog, Middel, Laag, Laag and '1 - 5' business propositions.
    sheet = {
        "innovation_engines": "high",
        "functional_value": "medium",
        "technical_value": "low",
        "economic_value": "low",
        "business_propositions": "1 - 5",
    }
    assert performance_rows(sheet, horizons) == [
        ("Innovatiemotoren", "0-10 jr", "Hoog"),
        ("Funct. waardebehoud", "0-5 jr", "Middel"),
        ("Techn. waardebehoud", "0-2 jr", "Laag"),
        ("Economisch waardebehoud", "0-1 jr", "Laag"),
        ("Col business proposities", "0-3 mnd", "1 - 5"),
    ]
    assert [level for _goal, _horizon, level in performance_rows({}, {})] == ["—"] * 5


def test_timeline_rows_mark_the_planned_and_actual_month_of_each_milestone():
    from portfolio.reporting import MILESTONES, month_range, timeline_rows

    months = month_range(date(2021, 1, 1), date(2021, 4, 1))  # Jan-Apr
    rows = timeline_rows(
        {
            "kickoff": {"planned": "2021-02-01", "actual": "2021-03-15"},
            "definition_ready": {"planned": "2021-04-01", "actual": "2021-04-01"},
        },
        months,
    )
    assert [label for label, _cells in rows] == [label for _code, label in MILESTONES]
    cells = dict(rows)
    assert cells["Start initiatie-traject"] == ["", "", "", ""]
    assert cells["Kickoff project"] == ["", "planned", "actual", ""]
    assert cells["Project Definitie klaar"] == ["", "", "", "both"]


def test_innovation_rows_list_f1_to_f8_in_order_with_the_sources_level_words():
    from portfolio.reporting import innovation_rows

    functions = [("F1", "Ondernemerschap"), ("F2", "Kennisontwikkeling"), ("F5", "Marktvorming")]
    rows = innovation_rows({"F2": "high", "F5": "low"}, functions)
    assert rows == [
        ("F1", "Ondernemerschap", "—"),
        ("F2", "Kennisontwikkeling", "Hoog"),
        ("F5", "Marktvorming", "Laag"),
    ]


def test_co2_check_keeps_the_stated_value_beside_the_sum_of_the_bands():
    from portfolio.reporting import co2_check

    bands = {"R0-R2": None, "R3-R7": Decimal(17), "R8-R9": Decimal(3)}
    check = co2_check(26, bands)
    assert (check.stated, check.computed, check.differs, check.difference) == (
        Decimal(26),
        Decimal(20),
        True,
        Decimal(6),
    )
    assert not co2_check(20, bands).differs
    assert not co2_check(None, bands).differs  # nothing stated: nothing to flag
    empty = {"R0-R2": None, "R3-R7": None, "R8-R9": None}
    assert not co2_check(26, empty).differs  # no band filled: nothing computed to compare with
