"""An export's progress bar moves a fixed number of times whatever its length (issue 17): the queries an
export job makes do not grow with its rows, as `bench/pages.py` measures for the register's export."""

import pytest

from jobs.exports import PROGRESS_WRITES, progress_step


@pytest.mark.parametrize("total", [1, 7, 49, 50, 51, 999, 10_000, 100_000, 1_234_567])
def test_an_export_reports_its_progress_at_most_a_fixed_number_of_times(total):
    step = progress_step(total)
    reports = sum(1 for number in range(1, total + 1) if number % step == 0)
    assert 1 <= reports <= PROGRESS_WRITES
    if total >= PROGRESS_WRITES:
        assert reports >= PROGRESS_WRITES // 2  # a long export still shows it moving
