"""Working days: weekends, Swedish public holidays and the three office-closing eves."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from schedules.calendar import (
    appeal_last_day,
    at_local,
    closed_day_name,
    is_working_day,
    local_date,
    shift_working_days,
    working_day_on_or_after,
    working_day_on_or_before,
)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2022, 4, 15), "Långfredagen"),
        (date(2022, 4, 18), "Annandag påsk"),
        (date(2022, 5, 26), "Kristi himmelsfärdsdag"),
        (date(2022, 6, 6), "Nationaldagen"),
        (date(2022, 6, 24), "Midsommarafton"),
        (date(2023, 6, 23), "Midsommarafton"),
        (date(2022, 12, 23), None),
        (date(2022, 12, 24), "Julafton"),
        (date(2024, 12, 31), "Nyårsafton"),
        (date(2025, 1, 6), "Trettondedag jul"),
    ],
)
def test_closed_day_names(day: date, name: str | None) -> None:
    assert closed_day_name(day=day) == name


def test_sundays_are_not_named_holidays_but_are_not_working_days() -> None:
    sunday = date(2022, 3, 6)
    assert closed_day_name(day=sunday) is None
    assert not is_working_day(day=sunday)
    assert not is_working_day(day=date(2022, 3, 5))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2022, 4, 14), True),  # Skärtorsdag is an ordinary working day
        (date(2022, 4, 15), False),
        (date(2022, 4, 19), True),
        (date(2022, 5, 27), True),  # klämdag after Kristi himmelsfärd: offices are open
        (date(2022, 6, 23), True),
        (date(2022, 6, 24), False),
        (date(2023, 12, 29), True),
        (date(2025, 12, 31), False),  # nyårsafton on a Wednesday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day=day) is working


def test_rolling_backwards_over_easter() -> None:
    assert working_day_on_or_before(day=date(2022, 4, 18)) == date(2022, 4, 14)
    assert working_day_on_or_before(day=date(2022, 4, 14)) == date(2022, 4, 14)


def test_rolling_forwards_over_easter_and_christmas() -> None:
    assert working_day_on_or_after(day=date(2022, 4, 15)) == date(2022, 4, 19)
    assert working_day_on_or_after(day=date(2022, 12, 24)) == date(2022, 12, 27)


def test_shift_working_days_skips_closed_days() -> None:
    assert shift_working_days(day=date(2022, 4, 19), count=-1) == date(2022, 4, 14)
    assert shift_working_days(day=date(2022, 4, 13), count=2) == date(2022, 4, 19)
    assert shift_working_days(day=date(2022, 4, 16), count=0) == date(2022, 4, 16)


def test_at_local_is_aware_stockholm_across_dst() -> None:
    winter = at_local(day=date(2022, 1, 10), at=time(8, 0))
    summer = at_local(day=date(2022, 7, 11), at=time(8, 0))
    assert winter.utcoffset() == timedelta(hours=1)
    assert summer.utcoffset() == timedelta(hours=2)
    assert (summer.hour, summer.minute) == (8, 0)


def test_local_date_uses_stockholm_and_rejects_naive() -> None:
    assert local_date(moment=datetime(2022, 5, 1, 23, 30, tzinfo=UTC)) == date(2022, 5, 2)
    with pytest.raises(ValueError):
        local_date(moment=datetime(2022, 5, 1, 8, 0))


def test_appeal_last_day_moves_past_midsommar() -> None:
    assert appeal_last_day(posted_on=date(2022, 5, 30)) == date(2022, 6, 20)
    # 3 June + 3 weeks = midsommarafton; the statutory deadline moves to Monday.
    assert appeal_last_day(posted_on=date(2022, 6, 3)) == date(2022, 6, 27)
