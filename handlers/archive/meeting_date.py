"""Which date in a protocol's header is the day of the meeting.

A header holds many dates: the meeting's, the justering's (often a week later, and often the first
date in the text), the anslag's, the next meeting's, the dates of earlier protocols it approves.
Labelled tables say which is which ("Sammanträdesdatum"); many protocols say it only in the title
("Möte med sektionens styrelse den 1 december 2007", "Sammanträde 2023-08-30") or in running text
("torsdagen den 9 juni 2016"). So every dated line is ranked: a date label first, then a title
that names a meeting, then any other line — and a line about justering, anslag or appeal, or a
value right under such a label, is never the meeting.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "augusti": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])")
_WRITTEN = re.compile(
    r"(?<!\d)(\d{1,2})\.?(?:\s*[-–]\s*\d{1,2}\.?)?\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE
)
_NOT_THE_MEETING = re.compile(
    r"juster|anslag|uppsätt|nedtag|överklag|förvaring|expedier|daterad|utdrag|nästa\s+(?:möte|sammanträde)",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(r"(?<!s)(?:sammanträdesdatum|sammanträdesdag|mötesdatum|\bdatum\b)", re.IGNORECASE)
_MEETING_TITLE = re.compile(r"protokoll|sammanträde|möte|stämma|minnesanteckningar|^tid\b|^dag\b", re.IGNORECASE)


def about_something_else(text: str) -> bool:
    """True for a line about justering, anslag, appeal or the next meeting: its date is not the meeting's."""
    return bool(_NOT_THE_MEETING.search(text))


def dates_in(line: str) -> list[date]:
    """Full dates (with a year) written in ``line``, in order: ISO and "den 1 december 2007" forms."""
    found: list[tuple[int, date]] = []
    for match in _ISO.finditer(line):
        if (day := _safe(int(match.group(1)), int(match.group(2)), int(match.group(3)))) is not None:
            found.append((match.start(), day))
    for match in _WRITTEN.finditer(line):
        month = _MONTHS[match.group(2).lower()]
        if (day := _safe(int(match.group(3)), month, int(match.group(1)))) is not None:
            found.append((match.start(), day))
    return [day for _, day in sorted(found, key=lambda pair: pair[0])]


def meeting_day(lines: list[str]) -> date | None:
    """The meeting's day in header lines, or None when no line says it with a year."""
    best: tuple[int, int, date] | None = None
    previous = ""
    for position, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        taint = _NOT_THE_MEETING.search(line)
        tainted = bool(_NOT_THE_MEETING.search(previous)) and not dates_in(previous)
        # In a flattened page the meeting's date may stand before the justering on the same line.
        dated = dates_in(line[: taint.start()]) if taint else dates_in(line)
        if dated and not tainted:
            if _DATE_LABEL.search(line) or (_DATE_LABEL.search(previous) and not dates_in(previous)):
                rank = 3
            elif _MEETING_TITLE.search(line):
                rank = 2
            else:
                rank = 1
            if best is None or rank > best[0]:
                best = (rank, -position, dated[0])
        previous = line
    return best[2] if best else None


def _safe(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2099:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
