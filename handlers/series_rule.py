"""Reading a läsår plan: «tredje tisdagen varje månad utom juli» or a list of dates.

A samverkansavtal (seed 004) plans a styrgrupp's meetings a year at a time: «sex möte per
läsår enligt en planering som görs för ett år i sänder». Secretaries say the plan the way the
calendar on the wall says it, so the rule is read in Swedish and expanded with
``dateutil.rrule`` (which knows «the third Tuesday» and «the last Friday» of a month). A meeting
that would fall on a day the offices are closed (Trettondedag jul, Kristi himmelsfärd …) is
moved to the next working day and the move is reported, so the count the agreement promises
holds and nobody is called to a closed town hall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from dateutil.rrule import FR, MO, MONTHLY, TH, TU, WE, rrule

from handlers import messages as msg
from handlers.errors import UserError
from handlers.parsing.dates import parse_when
from schedules.calendar import closed_day_name, is_working_day

ORDINALS = {"första": 1, "andra": 2, "tredje": 3, "fjärde": 4, "sista": -1}
WEEKDAYS = {"måndag": MO, "tisdag": TU, "onsdag": WE, "torsdag": TH, "fredag": FR}
MONTHS = {"januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "augusti": 8,
          "september": 9, "oktober": 10, "november": 11, "december": 12}
_RULE = re.compile(
    r"\b(?P<ord>första|andra|tredje|fjärde|sista)\s+(?P<wd>måndag|tisdag|onsdag|torsdag|fredag)(?:en)?"
    r"(?:\s+(?:i\s+)?(?P<every>varje|varannan)\s+månad)?"
    r"(?:\s+(?:utom|förutom)\s+(?P<skip>[a-zåäö]+(?:\s*(?:,|och)\s*[a-zåäö]+)*))?", re.IGNORECASE)
_SCHOOL_YEAR = re.compile(r"\bläsår(?:et)?\s+(?P<a>\d{4})\s*[/-]\s*(?P<b>\d{2}|\d{4})\b", re.IGNORECASE)
_RANGE = re.compile(r"\b(?:från\s+)?(?P<a>\S+)\s+(?:till|–|-)\s+(?P<b>\d\S*)", re.IGNORECASE)
_CLOCK = re.compile(r"\bkl\.?\s*(?P<h1>\d{1,2})(?:[:.](?P<m1>\d{2}))?(?:\s*[-–]\s*(?P<h2>\d{1,2})(?:[:.](?P<m2>\d{2}))?)?")
_DATES = re.compile(r"\bdatum(?:en)?:?\s+(?P<list>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class PlannedDay:
    """One meeting day of a series; ``moved_from`` and ``reason`` when a closed day moved it."""

    day: date
    moved_from: date | None = None
    reason: str | None = None


@dataclass
class SeriesPlan:
    """What a ``/mote serie`` line asks for: the days, and the clock of every meeting."""

    days: list[PlannedDay] = field(default_factory=list)
    start: time | None = None
    end: time | None = None


def school_year(first_year: int) -> tuple[date, date]:
    """Läsåret 2025/2026: 1 August to 30 June, the span a styrgrupp plans at a time."""
    return date(first_year, 8, 1), date(first_year + 1, 6, 30)


def read_clock(text: str) -> tuple[time | None, time | None]:
    """«kl. 13:00-15:00» → (13:00, 15:00); no «kl.» → no time."""
    match = _CLOCK.search(text)
    if match is None:
        return None, None
    try:
        start = time(int(match["h1"]), int(match["m1"] or 0))
        end = time(int(match["h2"]), int(match["m2"] or 0)) if match["h2"] else None
    except ValueError as error:
        raise UserError(msg.SERIES_BAD_CLOCK.format(text=match.group(0)), usage=msg.USAGE_SERIES) from error
    return start, end


def _period(text: str, *, today: date) -> tuple[date, date] | None:
    if match := _SCHOOL_YEAR.search(text):
        first = int(match["a"])
        second = int(match["b"]) if len(match["b"]) == 4 else first // 100 * 100 + int(match["b"])
        if second != first + 1:
            raise UserError(msg.SERIES_BAD_SCHOOL_YEAR.format(text=match.group(0)), usage=msg.USAGE_SERIES)
        return school_year(first)
    for match in _RANGE.finditer(text):
        a = parse_when(match["a"], reference=today)
        b = parse_when(match["b"], reference=today)
        if a is not None and b is not None:
            return a.day, b.day
    return None


def _months(words: str | None) -> set[int]:
    if not words:
        return set()
    out: set[int] = set()
    for word in re.split(r"\s*(?:,|\boch\b)\s*", words.lower()):
        if word.strip() in MONTHS:
            out.add(MONTHS[word.strip()])
        elif word.strip():
            raise UserError(msg.SERIES_BAD_MONTH.format(word=word.strip()), usage=msg.USAGE_SERIES)
    return out


def next_working_day(day: date) -> PlannedDay:
    """The day itself when offices are open, else the next working day with why it moved."""
    if is_working_day(day=day):
        return PlannedDay(day=day)
    moved = day
    while not is_working_day(day=moved):
        moved += timedelta(days=1)
    return PlannedDay(day=moved, moved_from=day, reason=closed_day_name(day=day) or msg.SERIES_WEEKEND)


def read_series(text: str, *, today: date, count: int | None) -> SeriesPlan:
    """The meeting days and clock a ``/mote serie`` line describes; refuses what it cannot read."""
    plan = SeriesPlan()
    plan.start, plan.end = read_clock(text)
    raw: list[date] = []
    if match := _DATES.search(text):
        listed = _CLOCK.sub(" ", match["list"])
        for part in re.split(r"\s*(?:,|;|\boch\b)\s*", listed):
            if not part.strip():
                continue
            # A list is a calendar in order: «18/9, …, 11/6» read in June means this September to
            # next June, so a date without a year is read from the date before it.
            when = parse_when(part.strip(), reference=raw[-1] if raw else today)
            if when is None:
                raise UserError(msg.DATE_UNREADABLE.format(text=part.strip()) + " " + msg.DATE_HINT,
                                usage=msg.USAGE_SERIES)
            raw.append(when.day)
    elif rule := _RULE.search(text):
        period = _period(text[:rule.start()] + " " + text[rule.end():], today=today)
        if period is None:
            raise UserError(msg.SERIES_NO_PERIOD, usage=msg.USAGE_SERIES)
        first, last = period
        if last < first:
            raise UserError(msg.SERIES_PERIOD_BACKWARDS, usage=msg.USAGE_SERIES)
        skip = _months(rule["skip"])
        weekday = WEEKDAYS[rule["wd"].lower()](ORDINALS[rule["ord"].lower()])
        interval = 2 if (rule["every"] or "").lower() == "varannan" else 1
        raw = [moment.date() for moment in rrule(MONTHLY, interval=interval, byweekday=weekday,
                                                  bymonth=[m for m in range(1, 13) if m not in skip] or None,
                                                  dtstart=first, until=last)]
    else:
        raise UserError(msg.SERIES_NO_RULE, usage=msg.USAGE_SERIES)
    days = sorted({d for d in raw if d >= today})
    if not days:
        raise UserError(msg.SERIES_EMPTY, usage=msg.USAGE_SERIES)
    if count is not None:
        days = days[:count]
    plan.days = [next_working_day(d) for d in days]
    return plan
