"""References to a § (paragraf) as users type them in lookups.

``/beslut § 19`` is ambiguous across years because § numbering restarts per body and year,
so a year or the meeting date may follow: ``§ 19 2022``, ``§ 19 2022-03-30``, ``paragraf 19``.
Protocols also write the year after a slash (``§ 2/21``, ``§ 73/10``), put the body's label in
front (``ONAU § 1``, ``Ks § 12``), and people ask in a sentence: ``§ 6 i protokollet från
13 juli 2023`` — the only way to name a § of a body whose numbering restarts every meeting.
A range (``§§ 100–110``) selects the paragraphs of one meeting, as protocols list them.
Numbers are not capped at four digits: a body that never restarts its numbering passes § 9999.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from handlers.parsing.dates import parse_when

MAX_PARAGRAPH_NUMBER = 999_999
"""The largest § number accepted anywhere: far above any protocol, far below the database's int range."""

_SIGN = r"(?:§{1,2}|paragraf(?:en|erna)?|par\.?)"
_REF_RE = re.compile(
    rf"\s*(?:(?P<label>[^\W\d_]{{2,8}})\s*)?{_SIGN}\s*(?P<n>\d{{1,6}})(?![\d:-])"
    r"(?:\s*/\s*(?P<short>\d{2}|\d{4})(?![\d/]))?\s*,?\s*(?P<rest>.*?)\s*",
    re.I,
)
# "i protokollet från", "i mötet den", "från sammanträdet", "år": words around the year or date.
_FILLER_RE = re.compile(
    r"^(?:(?:i|från|fr\.?o\.?m\.?|den|år|av|vid|på|protokoll(?:et)?|mötet|möte|sammanträdet|sammanträde)\s+)+",
    re.I,
)
_RANGE_RE = re.compile(
    rf"\s*{_SIGN}\s*(?P<a>\d{{1,6}})(?:\s*(?:[-–—]|till)\s*(?:§\s*)?(?P<b>\d{{1,6}}))?\s*", re.I
)
_LOOKS_LIKE_RE = re.compile(rf"\s*(?:[^\W\d_]{{2,8}}\s*)?{_SIGN}\s*\d", re.I)
# Any fixed date works here: only expressions with an explicit year are accepted below.
_ANY_REFERENCE = date(2000, 1, 1)


@dataclass(frozen=True)
class ParagraphRef:
    """§ number, optionally narrowed by year or by the meeting day, and the label written before §."""

    number: int
    year: int | None
    day: date | None
    label: str | None = None


def looks_like_paragraph_ref(text: str) -> bool:
    """Whether a query starts like a § reference (``§ 19 …``, ``Ks § 12``), read or not.

    Such a query that finds nothing is answered «ingen § …», never with free-word hits.
    """
    return _LOOKS_LIKE_RE.match(text) is not None


def parse_paragraph_ref(text: str) -> ParagraphRef | None:
    """Read a whole query such as "§ 19", "§ 2/21", "Ks § 12" or "§ 6 i protokollet från 13 juli 2023"."""
    match = _REF_RE.fullmatch(text)
    if match is None:
        return None
    number, rest = int(match.group("n")), _FILLER_RE.sub("", match.group("rest"))
    label = match.group("label")
    if label is not None and label.lower() in {"i", "se", "en", "ett"}:
        return None
    if short := match.group("short"):
        if rest:
            return None
        year = int(short) if len(short) == 4 else _century(int(short))
        return ParagraphRef(number=number, year=year, day=None, label=label) if 1900 <= year <= 2099 else None
    if not rest:
        return ParagraphRef(number=number, year=None, day=None, label=label)
    if re.fullmatch(r"(?:19|20)\d{2}", rest):
        return ParagraphRef(number=number, year=int(rest), day=None, label=label)
    try:
        when = parse_when(rest, reference=_ANY_REFERENCE)
    except ValueError:  # a date that cannot exist ("2022-02-31"): then this is no § reference either
        return None
    if when is None or not when.explicit_year or when.kind != "date":
        return None
    return ParagraphRef(number=number, year=when.day.year, day=when.day, label=label)


def _century(short: int) -> int:
    """``§ 73/10`` is 2010, ``§ 12/98`` is 1998: archives reach back to the 1990s, not to 2098."""
    return 2000 + short if short < 70 else 1900 + short


def parse_paragraph_range(text: str) -> tuple[int, int] | None:
    """Read "§§ 100–110", "§100-110" or "§ 19" (a single § is the range (19, 19))."""
    match = _RANGE_RE.fullmatch(text)
    if match is None:
        return None
    first = int(match.group("a"))
    last = int(match.group("b")) if match.group("b") else first
    return (first, last) if first <= last else None
