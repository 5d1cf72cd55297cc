"""The audit trail as people read it (regiekamer.history.display): labels, not codes or Python values."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from regiekamer.history import display
from stakeholders.models import Innovation


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def test_dates_and_amounts_in_dutch_notation():
    assert display(datetime.date(2023, 12, 31)) == "31 december 2023"
    assert display(Decimal("400000.00")) == "400.000,00"
    assert display(1960.5) == "1.960,5"
    assert display(2020) == "2020"  # a year or a count is not grouped


def test_a_list_of_codes_reads_as_its_labels():
    field = Innovation._meta.get_field("circular_aims")
    with translation.override("en"):
        shown = display(["material_efficiency", "life_extension"], field)
        aims = Innovation.CircularAim
        assert shown == f"{aims.MATERIAL_EFFICIENCY.label}, {aims.LIFE_EXTENSION.label}"
    assert "_" not in shown and "[" not in shown


@pytest.mark.django_db
def test_a_many_to_many_change_names_the_related_records():
    from portfolio.models import Project
    from stakeholders.models import Collaboration

    field = Project._meta.get_field("collaborations")
    chain = Collaboration.objects.create(name="Keten kozijnen")
    assert display([{"project": 1, "collaboration": chain.pk}], field) == "Keten kozijnen"
    assert display([{"project": 1, "collaboration": chain.pk + 1}], field) == "verwijderd record"


def test_a_mapping_reads_as_its_labels_and_values():
    from stakeholders.models import RoundPhase

    field = RoundPhase._meta.get_field("deliverables")
    with translation.override("en"):
        shown = display({"sources": 7, "imports": 1200}, field)
    assert shown == "sources of stakeholder data: 7; imports done: 1200"
    assert "{" not in display({"sources": 7}, field) and "'" not in display({"sources": 7}, field)
