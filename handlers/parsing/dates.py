"""Swedish dates and times the way protocols and chat users write them.

Protocols say ``senast 31/10``, ``8/4 kl. 9``, ``den 1 maj 2022`` or ``2022-03-30 kl. 13:00-14:30``;
chat users add ``imorgon``, ``om två veckor`` and ``på måndag``. A day/month without a year means
the next such day on or after ``reference`` (the meeting's date for clauses, today in chat), so
``31/10`` written in March is this autumn and written in November is next year.

Diarienummer (``UTB 22/30``) look like dates, so their spans are masked out first. Every reading
can be echoed back with :func:`format_when_sv`, which makes a misreading visible to the user.

A date that reads as one but cannot be kept — ``30/2``, ``kl. 24:00``, ``9999-12-31`` — is a
:class:`DateNotKept` (``parse_when``, ``find_when``): the user is told exactly why and nothing is
stored. Imported protocols are read with ``find_when(strict=False)``: such an expression is
skipped, as a protocol is imported whatever its typos.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from babel.dates import format_date

from handlers import messages as msg
from handlers.errors import UserError
from handlers.parsing.dnr import dnr_spans

EARLIEST_YEAR = 1900
"""Older dates are typing errors: no protocol the bot keeps is from before 1900."""
YEARS_AHEAD = 100
"""How far after the reference a date may lie; year 9999 overflowed every later calculation."""

_MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                "november", "december")
_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {"måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5, "söndag": 6}
_NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10, "elva": 11, "tolv": 12,
}  # fmt: skip


def _alt(words: Iterable[str]) -> str:
    """Regex alternation, longest first so "mars" wins over "mar"."""
    return "|".join(sorted(words, key=len, reverse=True))


_WD = _alt(_WEEKDAYS)
_LEAD = rf"(?:(?:{_WD})(?:en)?\s+(?:den\s+)?)?"
_ISO_RE = re.compile(
    rf"(?<![\w/:]){_LEAD}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?:-{{1,2}}\d{{1,2}})?(?![\d/:])",
    re.I,
)
_NUM_RE = re.compile(
    rf"(?<![\w/:]){_LEAD}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
    r"(?:(?:\s+|/)(?P<y>(?:19|20)\d{2})|-(?P<y2>\d{2}))?(?![\d/:])",
    re.IGNORECASE,
)
_TEXT_RE = re.compile(
    rf"(?<!\w){_LEAD}(?P<d>\d{{1,2}})(?:\s?[-–]\s?\d{{1,2}})?\.?\s+(?P<mon>{_alt(_MONTHS)})\.?(?!\w)"
    r"(?:\s+(?P<y>(?:19|20)\d{2}))?(?!\d)",
    re.IGNORECASE,
)
_REL_RE = re.compile(r"(?<!\w)(?P<rel>i\s?dag|i\s?morgon|i\s?övermorgon)(?!\w)", re.IGNORECASE)
_IN_RE = re.compile(
    rf"(?<!\w)om\s+(?P<n>\d{{1,3}}|{_alt(_NUMBER_WORDS)})\s+(?P<unit>dagar|dag|veckor|vecka|månader|månad)(?!\w)",
    re.IGNORECASE,
)
_WEEKDAY_RE = re.compile(
    rf"(?<!\w)(?:(?P<lead>på|senast|till|före|innan|kommande)\s+)?(?:(?P<next>nästa)\s+)?(?P<wd>{_WD})(?!\w)"
    r"(?!\s+(?:den\s+)?\d)",
    re.IGNORECASE,
)
_CLOCK = r"(?:klockan|kl)(?![^\W\d_])\.?"
_SPAN = r"(?P<h1>\d{1,2})(?:[:.](?P<m1>\d{2}))?(?:\s*[-–]\s*(?P<h2>\d{1,2})(?:[:.](?P<m2>\d{2}))?)?(?!\d)"
_TIME_SUFFIX_RE = re.compile(
    rf"\s*,?\s*{_CLOCK}(?:\s*{_SPAN})?|\s+(?P<h1b>\d{{1,2}}):(?P<m1b>\d{{2}})(?!\d)", re.I
)
_TIME_ONLY_RE = re.compile(rf"(?<!\w){_CLOCK}\s*{_SPAN}", re.IGNORECASE)
_FILLER_RE = re.compile(r"\b(?:senast|den|på|till|före|innan|från|med|datum|deadline|klart)\b|[\W_]", re.I)


class DateNotKept(UserError, ValueError):
    """A date or time that reads as one but does not exist or cannot be kept (30/2, kl. 24:00, år 9999).

    A ``UserError`` so that every command taking a date (/mote ny, /uppdrag, /beslut registrera …
    möte, /dagordning … möte) answers with the precise reason instead of «förstår inte» or a crash
    further down, and the dispatcher rolls back: nothing half-read is stored. A ``ValueError`` so
    that a parser asking only "is this a date?" can treat it as "yes, a wrong one".
    """


@dataclass(frozen=True)
class ParsedWhen:
    """One date expression; ``kind`` is "date", "relative" (idag, på måndag) or "time" (day=reference)."""

    day: date
    start: time | None
    end: time | None
    span: tuple[int, int]
    explicit_year: bool
    kind: str = "date"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_occurrence(day: int, month: int, reference: date) -> date | None:
    """The first valid day/month on or after ``reference`` (29/2 may wait for a leap year)."""
    candidates = (_safe_date(year, month, day) for year in range(reference.year, reference.year + 9))
    return next((c for c in candidates if c is not None and c >= reference), None)


def _add_months(d: date, months: int) -> date:
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _day_month(m: re.Match[str], month: int, ref: date) -> tuple[date | None, bool]:
    if m.group("y"):
        return _safe_date(int(m.group("y")), month, int(m.group("d"))), True
    if "y2" in m.groupdict() and m.group("y2"):
        return _safe_date(2000 + int(m.group("y2")), month, int(m.group("d"))), True
    return _next_occurrence(int(m.group("d")), month, ref), False


def _relative(m: re.Match[str], ref: date) -> tuple[date | None, bool]:
    word = re.sub(r"\s", "", m.group("rel").lower())
    return ref + timedelta(days={"idag": 0, "imorgon": 1, "iövermorgon": 2}[word]), False


def _in_units(m: re.Match[str], ref: date) -> tuple[date | None, bool]:
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit = m.group("unit").lower()
    if unit.startswith("dag"):
        return ref + timedelta(days=n), False
    if unit.startswith("veck"):
        return ref + timedelta(weeks=n), False
    return _add_months(ref, n), False


def _weekday(m: re.Match[str], ref: date) -> tuple[date | None, bool]:
    """Bare/"på" weekday: the next one after today; "nästa": that weekday in next calendar week."""
    target = _WEEKDAYS[m.group("wd").lower()]
    if m.group("next"):
        return ref - timedelta(days=ref.weekday()) + timedelta(weeks=1, days=target), False
    return ref + timedelta(days=(target - ref.weekday() - 1) % 7 + 1), False


_Builder = Callable[[re.Match[str], date], tuple[date | None, bool]]
_PATTERNS: list[tuple[re.Pattern[str], _Builder, str]] = [
    (_ISO_RE, lambda m, ref: (_safe_date(int(m["y"]), int(m["m"]), int(m["d"])), True), "date"),
    (_NUM_RE, lambda m, ref: _day_month(m, int(m.group("m")), ref), "date"),
    (_TEXT_RE, lambda m, ref: _day_month(m, _MONTHS[m.group("mon").lower().rstrip(".")], ref), "date"),
    (_REL_RE, _relative, "relative"),
    (_IN_RE, _in_units, "relative"),
    (_WEEKDAY_RE, _weekday, "relative"),
]


def _clock(hour: str | None, minute: str | None) -> time | None:
    if hour is None or int(hour) > 23 or int(minute or 0) > 59:
        return None
    return time(int(hour), int(minute or 0))


def _clock_problem(hour: str | None, minute: str | None) -> str | None:
    """Why a written clock time is no time of day ("kl. 24:00", "kl. 13:75"), or None."""
    if hour is None or _clock(hour, minute) is not None:
        return None
    if int(hour) == 24 and int(minute or 0) == 0:
        return msg.TIME_MIDNIGHT
    return msg.TIME_NOT_KEPT.format(clock=hour + (f":{minute}" if minute else ""))


def _times(m: re.Match[str] | None) -> tuple[time | None, time | None, str | None]:
    """Start, end and — when a written time does not exist — why (the time is then dropped)."""
    if m is None:
        return None, None, None
    groups = m.groupdict()
    if groups.get("h1b"):
        return _clock(groups["h1b"], groups["m1b"]), None, _clock_problem(groups["h1b"], groups["m1b"])
    problem = _clock_problem(groups.get("h1"), groups.get("m1")) or _clock_problem(groups.get("h2"), groups.get("m2"))
    start = _clock(groups.get("h1"), groups.get("m1"))
    return start, (_clock(groups.get("h2"), groups.get("m2")) if start else None), problem


def _no_such_day(m: re.Match[str]) -> str | None:
    """Why a matched day/month (and year) names no day: "30 februari finns inte.", or None."""
    groups = m.groupdict()
    if "mon" in groups and groups["mon"]:
        month = _MONTHS[groups["mon"].lower().rstrip(".")]
    elif groups.get("m"):
        month = int(groups["m"])
    else:
        return None
    day = int(groups["d"])
    year = int(groups["y"]) if groups.get("y") else (2000 + int(groups["y2"]) if groups.get("y2") else None)
    if not 1 <= month <= 12:
        return msg.DATE_NO_SUCH_MONTH.format(month=month)
    if year is not None and year < EARLIEST_YEAR:
        return msg.DATE_TOO_EARLY.format(year=year, first=EARLIEST_YEAR)
    if _safe_date(2000, month, day) is None:  # 2000 is a leap year: fails only for days no year has
        return msg.DATE_NO_SUCH_DAY.format(day=day, month=_MONTH_NAMES[month - 1])
    if year is not None and _safe_date(year, month, day) is None:
        return msg.DATE_NOT_LEAP_YEAR.format(year=year)
    return None


def _out_of_range(day: date, reference: date) -> str | None:
    """Why a real date is still not one to keep: before 1900 or more than a century ahead."""
    if day.year < EARLIEST_YEAR:
        return msg.DATE_TOO_EARLY.format(year=day.year, first=EARLIEST_YEAR)
    if day.year > reference.year + YEARS_AHEAD:
        return msg.DATE_TOO_FAR.format(year=day.year, last=reference.year + YEARS_AHEAD)
    return None


@dataclass(frozen=True)
class _Found:
    """One expression in the text: its reading (None when it names no day) and what is wrong with it."""

    span: tuple[int, int]
    when: ParsedWhen | None
    problem: str | None = None


def _candidates(text: str, reference: date, *, bare_weekdays: bool) -> list[_Found]:
    found: list[_Found] = []
    for pattern, build, kind in _PATTERNS:
        for m in pattern.finditer(text):
            if pattern is _WEEKDAY_RE and not (bare_weekdays or m.group("lead") or m.group("next")):
                continue
            try:
                day, explicit = build(m, reference)
            except (OverflowError, ValueError):  # "om 3 dagar" near date.max
                continue
            suffix = _TIME_SUFFIX_RE.match(text, m.end())
            start, end, clock_problem = _times(suffix)
            span = (m.start(), suffix.end() if suffix else m.end())
            if day is None:
                problem = _no_such_day(m) if kind == "date" else None
                if problem is not None:
                    found.append(_Found(span=span, when=None, problem=problem))
                continue
            range_problem = _out_of_range(day, reference)
            if range_problem is not None:
                found.append(_Found(span=span, when=None, problem=range_problem))
                continue
            when = ParsedWhen(day=day, start=start, end=end, span=span, explicit_year=explicit, kind=kind)
            found.append(_Found(span=span, when=when, problem=clock_problem))
    for m in _TIME_ONLY_RE.finditer(text):
        start, end, problem = _times(m)
        when = ParsedWhen(reference, start, end, m.span(), explicit_year=False, kind="time") if start else None
        if when is not None or problem is not None:
            found.append(_Found(span=m.span(), when=when, problem=problem))
    return found


def _scan(text: str, reference: date, *, bare_weekdays: bool, keep_unkept: bool) -> list[_Found]:
    """Non-overlapping expressions, leftmost-longest first; ``keep_unkept`` also keeps the unreadable ones.

    Leniently (``keep_unkept=False``) an expression that names no day does not exist at all, so it
    cannot hide a shorter reading inside or around it — the behaviour imports have always had.
    """
    masked = dnr_spans(text)
    found = [f for f in _candidates(text, reference, bare_weekdays=bare_weekdays) if keep_unkept or f.when]
    found.sort(key=lambda f: (f.span[0], f.span[0] - f.span[1]))
    chosen: list[_Found] = []
    for item in found:
        taken = [c.span for c in chosen] + masked
        if all(item.span[1] <= a or item.span[0] >= b for a, b in taken):
            chosen.append(item)
    return chosen


def find_when(text: str, *, reference: date, strict: bool = True) -> list[ParsedWhen]:
    """Every date expression in running text, in order; weekdays need "på"/"nästa"/"senast" before them.

    By default an expression that cannot be kept (30/2, kl. 24:00, år 9999) raises
    :class:`DateNotKept`: text a user typed must not lose a date or a time without a word.
    ``strict=False`` is for imported protocols, read whatever their typos: such an expression is
    skipped (a time that does not exist is dropped from its date).
    """
    chosen = _scan(text, reference, bare_weekdays=False, keep_unkept=strict)
    if strict:
        problem = next((f.problem for f in chosen if f.problem), None)
        if problem is not None:
            raise DateNotKept(problem)
    return [f.when for f in chosen if f.when is not None]


def parse_when(text: str, *, reference: date) -> ParsedWhen | None:
    """Read a text that is one date expression, allowing filler such as "senast" or "den".

    None when the text is no date expression (the caller says «förstår inte»); :class:`DateNotKept`
    when it is one that cannot be kept, so the user learns that 30/2 does not exist.
    """
    found = _scan(text, reference, bare_weekdays=True, keep_unkept=True)
    if not found:
        return None
    first = found[0]
    rest = text[: first.span[0]] + " " + text[first.span[1] :]
    if _FILLER_RE.sub("", rest):
        return None
    if first.problem is not None:
        raise DateNotKept(first.problem)
    return first.when


def read_after(when: ParsedWhen, *, anchor: date) -> ParsedWhen:
    """A yearless date the calendar puts after ``anchor``, read in the same cycle as ``anchor``.

    "senast 31/10 … till mötet 9/12" written in November reads 31/10 as next year but 9/12 as this
    year: a report-back before the deadline it reports on. When the text allows it (no year written,
    and 9/12 falls after 31/10 in the calendar) the later date is read from the anchor instead. A
    date the calendar puts before the anchor (a deluppföljning 8/4 before "senast 31/10") is kept.
    """
    if when.explicit_year or when.kind != "date" or when.day >= anchor:
        return when
    if (when.day.month, when.day.day) < (anchor.month, anchor.day):
        return when
    moved = _safe_date(anchor.year, when.day.month, when.day.day)
    return replace(when, day=moved) if moved is not None else when


def format_date_sv(d: date) -> str:
    """E.g. "31 oktober 2022"."""
    return format_date(d, "d MMMM y", locale="sv_SE")


def format_moment_sv(day: date, start: time | None = None, end: time | None = None) -> str:
    """E.g. "fredag 8 april 2022 kl. 09:00": a stored deadline or meeting, written as the echo is."""
    text = format_date(day, "EEEE d MMMM y", locale="sv_SE")
    if start is not None:
        text += f" kl. {start:%H:%M}"
        if end is not None:
            text += f"–{end:%H:%M}"
    return text


def format_when_sv(w: ParsedWhen) -> str:
    """E.g. "fredag 8 april 2022 kl. 09:00" – echoed back so a wrong reading is noticed."""
    return format_moment_sv(w.day, w.start, w.end)
