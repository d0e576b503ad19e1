"""References to a § (paragraf) as users type them in lookups.

``/beslut § 19`` is ambiguous across years because § numbering restarts per body and year,
so a year or the meeting date may follow: ``§ 19 2022``, ``§ 19 2022-03-30``, ``paragraf 19``.
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
_REF_RE = re.compile(rf"\s*{_SIGN}\s*(?P<n>\d{{1,6}})(?![\d:-])\s*[,/]?\s*(?:år\s+)?(?P<rest>.*?)\s*", re.I)
_RANGE_RE = re.compile(
    rf"\s*{_SIGN}\s*(?P<a>\d{{1,6}})(?:\s*(?:[-–—]|till)\s*(?:§\s*)?(?P<b>\d{{1,6}}))?\s*", re.I
)
# Any fixed date works here: only expressions with an explicit year are accepted below.
_ANY_REFERENCE = date(2000, 1, 1)


@dataclass(frozen=True)
class ParagraphRef:
    """§ number, optionally narrowed by year or by the meeting day."""

    number: int
    year: int | None
    day: date | None


def parse_paragraph_ref(text: str) -> ParagraphRef | None:
    """Read a whole query such as "§ 19", "§19 2022" or "paragraf 19 2022-03-30"."""
    match = _REF_RE.fullmatch(text)
    if match is None:
        return None
    number, rest = int(match.group("n")), match.group("rest")
    if not rest:
        return ParagraphRef(number=number, year=None, day=None)
    if re.fullmatch(r"(?:19|20)\d{2}", rest):
        return ParagraphRef(number=number, year=int(rest), day=None)
    try:
        when = parse_when(rest, reference=_ANY_REFERENCE)
    except ValueError:  # a date that cannot exist ("2022-02-31"): then this is no § reference either
        return None
    if when is None or not when.explicit_year or when.kind != "date":
        return None
    return ParagraphRef(number=number, year=when.day.year, day=when.day)


def parse_paragraph_range(text: str) -> tuple[int, int] | None:
    """Read "§§ 100–110", "§100-110" or "§ 19" (a single § is the range (19, 19))."""
    match = _RANGE_RE.fullmatch(text)
    if match is None:
        return None
    first = int(match.group("a"))
    last = int(match.group("b")) if match.group("b") else first
    return (first, last) if first <= last else None
