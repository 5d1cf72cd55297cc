"""`regiekamer catalogue`: every list with its count, one list's entries, and --load."""

import pytest
from django.core.management import CommandError, call_command

from catalogue.registry import LISTS

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("catalogue", *args, stdout=out)
    return out.getvalue()


def test_without_a_name_every_list_is_printed_with_its_count(catalogue):
    lines = _run().splitlines()

    counts = {line.split()[0]: int(line.split()[1]) for line in lines[1:]}
    assert counts == {entry.name: entry.entries().count() for entry in LISTS}
    assert counts["sbi"] == 38 and counts["horizons"] == 8
    # a list named critical holds only critical materials; the common ones are a list of their own
    assert counts["critical-raw-materials"] == 34 and counts["common-materials"] == 51


def test_a_name_prints_the_entries_of_that_list(catalogue):
    out = _run("horizons")

    assert out.splitlines()[0].endswith("(horizons): 8")
    for label in ["0-1 mnd", "0-3 mnd", "0-1 jr", "0-2 jr", "0-5 jr", "0-10 jr", "0-20 jr", "0-50 jr"]:
        assert f"\n{label} " in out


def test_the_sbi_list_is_printed_as_a_tree(catalogue):
    lines = _run("sbi").splitlines()[2:]
    codes = [line.split()[0] for line in lines]

    assert codes[:3] == ["A", "B", "C"]
    assert codes.index("C") < codes.index("20") < codes.index("29") < codes.index("29.1") < codes.index("30")
    assert codes.index("E") < codes.index("38") < codes.index("F")


def test_an_unknown_name_is_refused_with_the_known_names(catalogue):
    with pytest.raises(CommandError, match="r-ladder"):
        _run("r-laddder")


def test_load_loads_and_prints_the_counts():
    out = _run("--load")

    assert "sbi" in out and "38" in out
    assert "industry-figures" in out and "33" in out
    assert "critical-raw-materials" in _run()


def test_load_twice_is_harmless(catalogue):
    before = _run()

    _run("--load")

    assert _run() == before
