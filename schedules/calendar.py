"""Swedish working days for reminder planning.

Reminders must not land on days when municipal offices are closed: a "3 days left" message
posted on Långfredagen is read on Tuesday, when it is no longer true. A working day here is a
weekday that is neither a Swedish public holiday nor one of the three eves on which offices
close (midsommarafton, julafton, nyårsafton). The same set of days is what the law on
computing statutory time limits (lag 1930:173) skips, which is why the appeal-period
calculation uses it too.

The ``holidays`` package has both: Sweden's public holidays (``PUBLIC``) and, since 0.88, the three
eves the law treats as Sundays (``DE_FACTO``: semesterlagen 3 a §). Weekends are still decided by
``date.weekday()``, and Sundays are asked to stay out of the list (``include_sundays=False``; some
versions add every Sunday as a "holiday").

Which *clock* the days are read on is the deployment's (``SAMVERKAN_TIMEZONE``, ``Services.zone``):
every function that turns a moment into a day or a day into a moment takes ``zone``, defaulting to
``DEFAULT_ZONE`` (Europe/Stockholm) so pure tests and previews need not name it. The closed days
stay the Swedish ones whatever the zone: they are the municipal calendar the bodies work by.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from holidays.constants import DE_FACTO, PUBLIC

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEFAULT_ZONE = STOCKHOLM  # what Settings.timezone defaults to; callers pass the configured zone

# Kommunallagen 13 kap. 5 §: an appeal must arrive within three weeks of the anslag.
APPEAL_PERIOD = timedelta(weeks=3)
# A bound for the day-by-day searches below: no run of closed days in Sweden is this long,
# so hitting it means a bug, not a calendar.
_MAX_SEARCH_DAYS = 31


@lru_cache(maxsize=64)
def _closed_days(year: int) -> dict[date, str]:
    """Public holidays plus the office-closing eves of one year, with Swedish names."""
    source = holidays.country_holidays("SE", years=year, language="sv", categories=(PUBLIC, DE_FACTO),
                                       include_sundays=False)
    return {day: name for day, name in source.items() if name != "Söndag"}


def closed_day_name(*, day: date) -> str | None:
    """The Swedish name of the holiday or eve on ``day``; None for ordinary days and weekends."""
    return _closed_days(day.year).get(day)


def is_working_day(*, day: date) -> bool:
    """True on a weekday that is not a public holiday, midsommarafton, julafton or nyårsafton."""
    return day.weekday() < 5 and day not in _closed_days(day.year)


def _search(*, day: date, step: int) -> date:
    for _ in range(_MAX_SEARCH_DAYS):
        if is_working_day(day=day):
            return day
        day += timedelta(days=step)
    raise RuntimeError(f"no working day within {_MAX_SEARCH_DAYS} days of {day}")


def working_day_on_or_before(*, day: date) -> date:
    """``day`` itself if it is a working day, else the closest earlier one.

    Used for reminders *before* a deadline: moving them later would shorten the notice.
    """
    return _search(day=day, step=-1)


def working_day_on_or_after(*, day: date) -> date:
    """``day`` itself if it is a working day, else the closest later one.

    Used for things that may not happen early: overdue nudges, digests, statutory deadlines.
    """
    return _search(day=day, step=1)


def shift_working_days(*, day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (before it when negative), ``day`` excluded.

    ``count == 0`` returns ``day`` unchanged, even if it is not a working day, so callers can
    decide themselves which way to roll.
    """
    step = 1 if count > 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day=day):
            remaining -= 1
    return day


def at_local(*, day: date, at: time, zone: ZoneInfo = DEFAULT_ZONE) -> datetime:
    """An aware datetime in the organisation's zone; one place so no caller forgets the zone."""
    return datetime.combine(day, at.replace(tzinfo=None), tzinfo=zone)


def local_date(*, moment: datetime, zone: ZoneInfo = DEFAULT_ZONE) -> date:
    """The organisation's calendar date of an aware moment (a meeting at 00:30 UTC is 'tomorrow'
    in Stockholm)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: reminder planning needs aware datetimes")
    return moment.astimezone(zone).date()


def appeal_last_day(*, posted_on: date) -> date:
    """Last day to appeal a protocol: anslag + 3 weeks, moved past closed days (lag 1930:173)."""
    return working_day_on_or_after(day=posted_on + APPEAL_PERIOD)
