"""The meeting a protocol records: its header table and the closing lines after the last §.

Everything a lookup or the anslag page needs about the meeting comes from here: the day and
time, the place, who decided and who only attended, the justering and the anslag dates. Values
are kept as written; only dates and times are interpreted (through handlers.parsing.dates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from handlers.archive.labels import LabelledValue, match_label, read_labelled
from handlers.archive.model import ParsedMeeting, ParsedPerson
from handlers.archive.people import parse_people
from handlers.parsing.dates import ParsedWhen, find_when

_NOT_A_BODY = re.compile(
    r"^(?:(?:sammanträdes|möte?s|justerat\s+)?protokoll|minnesanteckningar|mötesanteckningar|"
    r"kallelse|dagordning|\d{4}-\d{2}-\d{2}|sida\s+\d+.*|\d+\s*\(\d+\))$",
    re.IGNORECASE,
)
_RANGE = re.compile(r"(\d{1,4})(?:\s*(?:[-–]|till)\s*§?\s*(\d{1,4}))?")
_POSTED = re.compile(r"(?:uppsättande|uppsatt|sätts\s+upp|anslagsdatum)\D{0,25}?(\d{4}-\d{2}-\d{2})", re.I)
_TAKEN_DOWN = re.compile(r"(?:nedtagande|nedtaget|nedtas|tas\s+ned)\D{0,25}?(\d{4}-\d{2}-\d{2})", re.I)
_STORAGE = re.compile(r"^förvaringsplats(?:\s+för)?(?:\s+protokollet)?\s*:?\s*(?P<value>.*)$", re.I | re.M)
_NEXT = re.compile(r"^nästa\s+(?:möte|sammanträde)\s*(?:är|blir)?\s*:?\s*(?P<value>.+)$", re.I | re.M)


@dataclass
class Header:
    """The meeting plus the organ named in the header (None when the header has none)."""

    meeting: ParsedMeeting
    body_name: str | None


def parse_header(lines: list[str], *, reference: date) -> Header:
    """Read the header lines (everything before the first §)."""
    title, values = read_labelled(lines)
    meeting = ParsedMeeting()
    body = None
    for item in values:
        body = _apply(meeting, item, reference=reference) or body
    _fallbacks(meeting)
    return Header(meeting=meeting, body_name=body or body_from_title(title))


def body_from_title(title: list[str]) -> str | None:
    """The first title line that names an organ; ALL-CAPS headers get normal capitalisation."""
    for line in title:
        line = line.lstrip("#").strip()
        if line and not _NOT_A_BODY.match(line) and not line.startswith("§"):
            return normal_case(line)
    return None


def normal_case(text: str) -> str:
    """ALL-CAPS headers, "SKOL- OCH UTBILDNINGSCHEFER" → "Skol- och utbildningschefer"; other text is left alone."""
    if any(c.isalpha() for c in text) and text == text.upper():
        lowered = text.lower()
        return lowered[:1].upper() + lowered[1:]
    return text


def read_closing(text: str, meeting: ParsedMeeting, *, reference: date) -> None:
    """Storage place and next meeting, wherever they stand (usually after the last §)."""
    if meeting.storage_place is None and (match := _STORAGE.search(text)):
        value = re.sub(r"^protokollet\s*", "", match.group("value")).strip()
        if not value:
            following = text[match.end() :].strip().split("\n", 1)[0]
            value = re.sub(r"^protokollet\s*", "", following).strip()
        meeting.storage_place = value or None
    if match := _NEXT.search(text):
        meeting.next_meeting = match.group("value").strip()
        dated = [w for w in find_when(meeting.next_meeting, reference=reference, strict=False) if w.kind == "date"]
        meeting.next_meeting_day = dated[0].day if dated else None


def _apply(meeting: ParsedMeeting, item: LabelledValue, *, reference: date) -> str | None:
    """Store one labelled value on the meeting; returns the organ name if the label was "Organ"."""
    value, first = item.value, item.value.split("\n", 1)[0].strip()
    if item.field == "place_time":
        _place_time(meeting, value, reference=reference, with_place=True)
    elif item.field == "day":
        _place_time(meeting, first, reference=reference, with_place=False)
    elif item.field == "decision_makers":
        meeting.decision_makers.extend(parse_people(value))
    elif item.field == "others":
        meeting.others_present.extend(parse_people(value))
    elif item.field == "absent":
        meeting.absent.extend(parse_people(value))
    elif item.field == "adjusters":
        for part in re.split(r"\s+(?:och|&)\s+", value):
            for person in parse_people(part):
                if person.name not in meeting.adjusters:
                    meeting.adjusters.append(person.name)
    elif item.field == "adjustment" and first:
        meeting.adjustment_place_time = first
        meeting.adjusted_at = _datetime(first, reference=reference)
    elif item.field == "range" and (match := _RANGE.search(first)):
        low = int(match.group(1))
        meeting.paragraph_range = (low, int(match.group(2) or low))
    elif item.field == "signatures":
        for line in value.split("\n"):
            if (found := match_label(line.strip())) and found[0] != "signatures":
                _apply(meeting, LabelledValue(found[0], found[1], found[2]), reference=reference)
    elif item.field == "secretary" and first:
        meeting.secretary = meeting.secretary or first
    elif item.field == "chair" and first:
        meeting.chair = meeting.chair or first
    elif item.field == "body" and first:
        return normal_case(first)
    if item.field in {"notice", "day", "place_time"}:
        if match := _POSTED.search(item.label + " " + value):
            meeting.posted_on = date.fromisoformat(match.group(1))
        if match := _TAKEN_DOWN.search(item.label + " " + value):
            meeting.taken_down_on = date.fromisoformat(match.group(1))
    return None


def _place_time(meeting: ParsedMeeting, value: str, *, reference: date, with_place: bool) -> None:
    whens = find_when(value, reference=reference, strict=False)
    rest = value
    for when in sorted(whens, key=lambda w: w.span[0], reverse=True):
        rest = rest[: when.span[0]] + " " + rest[when.span[1] :]
    for when in whens:
        if when.kind == "date" and meeting.day is None:
            meeting.day = when.day
        if when.start is not None and meeting.start is None:
            meeting.start, meeting.end = when.start, when.end
    place = " ".join(rest.replace("\n", " ").split()).strip(" ,;–-")
    if with_place and place and meeting.place is None:
        meeting.place = place


def _datetime(text: str, *, reference: date) -> datetime | None:
    dated: list[ParsedWhen] = [w for w in find_when(text, reference=reference, strict=False) if w.kind == "date"]
    if not dated:
        return None
    return datetime.combine(dated[0].day, dated[0].start or time(0, 0))


def _fallbacks(meeting: ParsedMeeting) -> None:
    """Chair and secretary are often only visible as roles in the presence lists."""
    everyone: list[ParsedPerson] = meeting.decision_makers + meeting.others_present
    for person in everyone:
        role = (person.role or "").lower()
        if meeting.chair is None and re.search(r"(?<!vice )ordförande", role):
            meeting.chair = person.name
        if meeting.secretary is None and "sekreterare" in role:
            meeting.secretary = person.name
