"""The portfolio's spreadsheets write a text that starts like a formula as text (issue 15, finding 5): a
project title typed as '=HYPERLINK(...)', a risk or a funder; the progress report's own sums stay formulas
and amounts stay numbers. (The impact sheet's export: test_impact_xlsx.py.)"""

import datetime
import re
from decimal import Decimal

from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from portfolio import services
from regiekamer.tests.xlsx_checks import INJECTED, assert_written_as_text, cells, formulas

from . import factories


def test_the_portfolio_export_writes_a_formula_like_title_as_text(client, user_for, team):
    factories.project(user_for, team_obj=team, title=INJECTED)
    factories.project(user_for, team_obj=team, title="-Zink")
    login_as(client, user_for, Role.READER)
    assert_written_as_text(client.get(reverse("portfolio:export")).content, INJECTED, "-Zink")
    assert_written_as_text(client.get(reverse("portfolio:team-export", args=[team.code])).content, INJECTED)


def test_the_progress_report_writes_formula_like_texts_as_text_and_keeps_its_sums(client, user_for, team):
    project = factories.project(user_for, team_obj=team, title=INJECTED)
    services.progress_report_create(
        actor=user_for(Role.PROJECT_LEAD),
        project=project,
        report_date=datetime.date(2020, 8, 1),
        finance_date=datetime.date(2020, 8, 1),
        budget_needed=Decimal(100000),
        spent=Decimal(40000),
        funding=[{"funder": "@RVO", "amount": "60000"}],
        timeline_start=datetime.date(2021, 1, 1),
        timeline_end=datetime.date(2021, 12, 1),
        risks=[{"text": "+31 leverancier valt weg", "owner": "=1+1"}],
        done=["-Kick-off gehouden"],
    )
    login_as(client, user_for, Role.READER)
    content = client.get(reverse("portfolio:progress-export", args=[project.number])).content
    assert_written_as_text(content, INJECTED, "Waarvan via @RVO", "+31 leverancier valt weg", "=1+1")
    assert_written_as_text(content, "-Kick-off gehouden")
    own = sorted(re.sub(r"\d+", "n", value) for value in formulas(content).values())
    assert own == ["=Bn-Bn", "=Bn-Bn", "=SUM(Bn:Bn)"]  # balance, need, granted: the export's own sums
    assert {cell.data_type for cell in cells(content) if cell.value == 40000} == {"n"}
