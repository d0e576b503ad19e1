"""Reading a läsår plan in Swedish (issue 18): the rule, the period and the holiday moves."""

from __future__ import annotations

from datetime import date, time

import pytest

from handlers.errors import UserError
from handlers.series_rule import read_series, school_year

TODAY = date(2025, 6, 10)


def test_school_year_is_august_to_june() -> None:
    assert school_year(2025) == (date(2025, 8, 1), date(2026, 6, 30))


def test_last_friday_every_other_month_from_to() -> None:
    plan = read_series("sista fredagen varannan månad från 2025-08-01 till 2026-06-30 kl. 9.30", today=TODAY, count=None)
    assert [p.day for p in plan.days] == [date(2025, 8, 29), date(2025, 10, 31), date(2025, 12, 29),
                                          date(2026, 2, 27), date(2026, 4, 24), date(2026, 6, 26)]
    moved = plan.days[2]
    assert (moved.moved_from, moved.reason) == (date(2025, 12, 26), "Annandag jul")
    assert (plan.start, plan.end) == (time(9, 30), None)


def test_several_months_are_left_out_and_the_count_is_kept() -> None:
    plan = read_series("första onsdagen varje månad utom juli, augusti och december läsår 2025/26 kl. 13-15",
                       today=TODAY, count=4)
    assert [p.day for p in plan.days] == [date(2025, 9, 3), date(2025, 10, 1), date(2025, 11, 5), date(2026, 1, 7)]
    assert (plan.start, plan.end) == (time(13), time(15))


def test_past_dates_are_not_planned() -> None:
    plan = read_series("datum 2025-05-20, 2025-09-16", today=TODAY, count=None)
    assert [p.day for p in plan.days] == [date(2025, 9, 16)]


@pytest.mark.parametrize("line, words", [
    ("tredje tisdagen varje månad utom juldagen läsår 2025/2026", "ingen månad"),
    ("tredje tisdagen varje månad läsår 2025/2027", "inget läsår"),
    ("varje tisdag", "tredje tisdagen"),
    ("datum 2025-09-16 kl. 25:00", "ingen tid"),
])
def test_what_cannot_be_read_is_refused_in_swedish(line: str, words: str) -> None:
    with pytest.raises(UserError) as caught:
        read_series(line, today=TODAY, count=None)
    assert words in str(caught.value)


def test_a_list_without_years_runs_through_the_school_year_in_order() -> None:
    plan = read_series("datum 16/9, 21/10, 20/1, 9/6", today=TODAY, count=None)
    assert [p.day for p in plan.days] == [date(2025, 9, 16), date(2025, 10, 21), date(2026, 1, 20), date(2026, 6, 9)]
