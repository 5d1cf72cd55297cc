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
    province, *_ = upsert(
        Province, lookup={"code": "ZH"}, defaults={"name": "Zuid Holland", "source_section": "§1.2.2"}
    )

    _, created, changed = upsert(
        Province, lookup={"code": "ZH"}, defaults={"name": "Zuid-Holland", "source_section": "§1.2.2"}
    )

    assert (created, changed) == (False, True)
    assert Province.objects.get(code="ZH").name == "Zuid-Holland"
    assert list(province.history.values_list("name", flat=True)) == ["Zuid-Holland", "Zuid Holland"]


@pytest.mark.django_db
def test_update_or_create_quietly_compares_values_as_the_field_stores_them():
    from catalogue.models import Horizon
    from regiekamer.models import update_or_create_quietly

    defaults = {"label_nl": "0-1 jaar", "months": "12", "landscape": "initiatives", "source_section": "§3.3"}
    horizon, created = update_or_create_quietly(Horizon, code="0-1y", defaults=defaults)
    assert created

    again, created = update_or_create_quietly(Horizon, code="0-1y", defaults=defaults)  # "12" == 12

    assert (again.pk, created) == (horizon.pk, False)
    assert horizon.history.count() == 1
