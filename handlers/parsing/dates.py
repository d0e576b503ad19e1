"""Swedish dates and times the way protocols and chat users write them.

Protocols say ``senast 31/10``, ``8/4 kl. 9``, ``den 1 maj 2022`` or ``2022-03-30 kl. 13:00-14:30``;
chat users add ``imorgon``, ``om två veckor`` and ``på måndag``. A day/month without a year means
the next such day on or after ``reference`` (the meeting's date for clauses, today in chat), so
``31/10`` written in March is this autumn and written in November is next year.

Diarienummer (``UTB 22/30``) look like dates, so their spans are masked out first. Every reading
can be echoed back with :func:`format_when_sv`, which makes a misreading visible to the user.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta

from babel.dates import format_date

from handlers.parsing.dnr import dnr_spans

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


def _times(m: re.Match[str] | None) -> tuple[time | None, time | None]:
    if m is None:
        return None, None
    groups = m.groupdict()
    if groups.get("h1b"):
        return _clock(groups["h1b"], groups["m1b"]), None
    start = _clock(groups.get("h1"), groups.get("m1"))
    return start, (_clock(groups.get("h2"), groups.get("m2")) if start else None)


def _scan(text: str, reference: date, *, bare_weekdays: bool) -> list[ParsedWhen]:
    masked = dnr_spans(text)
    found: list[ParsedWhen] = []
    for pattern, build, kind in _PATTERNS:
        for m in pattern.finditer(text):
            if pattern is _WEEKDAY_RE and not (bare_weekdays or m.group("lead") or m.group("next")):
                continue
            try:
                day, explicit = build(m, reference)
            except (OverflowError, ValueError):  # "om 3 dagar" near date.max
                continue
            if day is None:
                continue
            suffix = _TIME_SUFFIX_RE.match(text, m.end())
            start, end = _times(suffix)
            span = (m.start(), suffix.end() if suffix else m.end())
            found.append(
                ParsedWhen(day=day, start=start, end=end, span=span, explicit_year=explicit, kind=kind)
            )
    for m in _TIME_ONLY_RE.finditer(text):
        start, end = _times(m)
        if start is not None:
            found.append(ParsedWhen(reference, start, end, m.span(), explicit_year=False, kind="time"))
    found.sort(key=lambda w: (w.span[0], w.span[0] - w.span[1]))
    chosen: list[ParsedWhen] = []
    for when in found:
        taken = [c.span for c in chosen] + masked
        if all(when.span[1] <= a or when.span[0] >= b for a, b in taken):
            chosen.append(when)
    return chosen


def find_when(text: str, *, reference: date) -> list[ParsedWhen]:
    """Every date expression in running text, in order; weekdays need "på"/"nästa"/"senast" before them."""
    return _scan(text, reference, bare_weekdays=False)


def parse_when(text: str, *, reference: date) -> ParsedWhen | None:
    """Read a text that is one date expression, allowing filler such as "senast" or "den"."""
    found = _scan(text, reference, bare_weekdays=True)
    if not found:
        return None
    first = found[0]
    rest = text[: first.span[0]] + " " + text[first.span[1] :]
    return first if not _FILLER_RE.sub("", rest) else None


def format_date_sv(d: date) -> str:
    """E.g. "31 oktober 2022"."""
    return format_date(d, "d MMMM y", locale="sv_SE")


def format_when_sv(w: ParsedWhen) -> str:
    """E.g. "fredag 8 april 2022 kl. 09:00" – echoed back so a wrong reading is noticed."""
    text = format_date(w.day, "EEEE d MMMM y", locale="sv_SE")
    if w.start is not None:
        text += f" kl. {w.start:%H:%M}"
        if w.end is not None:
            text += f"–{w.end:%H:%M}"
    return text
