"""Issue 15, finding 5: the dashboard's spreadsheets write a text that starts like a formula as text (a team
named '=HYPERLINK(...)' by the programme office, a label of a figures table), numbers stay numbers."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from dashboard import exports, figures
from regiekamer.tests.xlsx_checks import INJECTED, assert_written_as_text, cells

from . import builders as b

pytestmark = pytest.mark.django_db


def test_the_dashboard_export_writes_a_formula_like_team_name_as_text(client, user_for, catalogue):
    team = b.team("aanval", INJECTED, 1)
    b.project("20-001", team, phase="execution", clusters=["materialen"])
    login_as(client, user_for, Role.READER)
    content = client.get(reverse("dashboard:dashboard-export", args=["xlsx"])).content
    assert_written_as_text(content, INJECTED)


def test_the_figures_export_writes_formula_like_labels_as_text_and_negative_numbers_as_numbers():
    row = {"label": "-Overig", **dict.fromkeys(figures.VALUE_COLUMNS, -3)}
    row |= {"value_added_impact_pct": None, "co2_impact_pct": None}
    table = SimpleNamespace(
        breakdown_label="@Sectoren",
        dataset_title=INJECTED,
        dataset_year=2019,
        source_section="§1.2",
        rows=[row],
        total=None,
        check=SimpleNamespace(columns=[], problems=[]),
    )
    content = exports.figures_xlsx([table], dict.fromkeys(figures.VALUE_COLUMNS, "+kolom"))
    assert_written_as_text(content, "-Overig", f"{INJECTED} (2019), §1.2", "+kolom")
    assert {cell.data_type for cell in cells(content) if cell.value == -3} == {"n"}
