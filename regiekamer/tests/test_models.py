import pytest

from catalogue.models import Province
from regiekamer.models import upsert


@pytest.mark.django_db
def test_upsert_creates_then_leaves_an_unchanged_row_alone():
    lookup = {"code": "ZH"}
    defaults = {"name": "Zuid-Holland", "name_in_figures": "Zuid Holland", "source_section": "§1.2.2"}

    province, created, changed = upsert(Province, lookup=lookup, defaults=defaults)
    assert (created, changed) == (True, True)

    again, created, changed = upsert(Province, lookup=lookup, defaults=defaults)
    assert (again.pk, created, changed) == (province.pk, False, False)
    assert province.history.count() == 1


@pytest.mark.django_db
def test_upsert_saves_only_what_changed_and_records_it():
    province, *_ = upsert(Province, lookup={"code": "ZH"},
                          defaults={"name": "Zuid Holland", "source_section": "§1.2.2"})

    _, created, changed = upsert(Province, lookup={"code": "ZH"},
                                 defaults={"name": "Zuid-Holland", "source_section": "§1.2.2"})

    assert (created, changed) == (False, True)
    assert Province.objects.get(code="ZH").name == "Zuid-Holland"
    assert list(province.history.values_list("name", flat=True)) == ["Zuid-Holland", "Zuid Holland"]
