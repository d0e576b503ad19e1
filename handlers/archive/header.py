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
from handlers.archive.meeting_date import about_something_else, dates_in, meeting_day
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


_LABEL_FRAGMENT = re.compile(r"^(?:justeringens|datum\s+för|förvaringsplats)$", re.IGNORECASE)


@dataclass
class Header:
    """The meeting plus the organ named in the header (None when the header has none).

    ``day_guessed`` says the meeting day was not written with a year (it was dated from the
    reference day), which the import summary reports as a guess.
    """

    meeting: ParsedMeeting
    body_name: str | None
    day_guessed: bool = False


def parse_header(lines: list[str], *, reference: date) -> Header:
    """Read the header lines (everything before the first §)."""
    lines = _join_label_fragments(lines)
    title, values = read_labelled(lines)
    meeting = ParsedMeeting()
    body = None
    for item in values:
        body = _apply(meeting, item, reference=reference) or body
    _fallbacks(meeting)
    labelled = next((found[0] for item in values if item.field == "day"
                     and not about_something_else(f"{item.label} {item.value.split(chr(10), 1)[0]}")
                     and (found := dates_in(item.value.split("\n", 1)[0]))), None)
    written = labelled or meeting_day(lines)
    guessed = False
    if written is not None:
        meeting.day = written
    elif meeting.day is not None:
        guessed = True  # a day and month without a year, dated from the reference day
    return Header(meeting=meeting, body_name=body or body_from_title(title), day_guessed=guessed)


def _join_label_fragments(lines: list[str]) -> list[str]:
    """"Justeringens" / "plats och tid …" split over two lines is one label, not a "Plats och tid"."""
    joined: list[str] = []
    for line in lines:
        if joined and _LABEL_FRAGMENT.match(joined[-1].strip()) and line.strip():
            joined[-1] = f"{joined[-1].strip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


_BREADCRUMB = re.compile(r"^(?:din\s+position\s*:\s*)?(?:[^>]+>\s*){2,}[^>]+$", re.IGNORECASE)
_DATED_WORDS = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b(?:den\s+)?\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+[a-zåäö]+\s+\d{4}\b",
                          re.IGNORECASE)
_GENERIC_TITLE = re.compile(
    r"^(?:(?:sammanträdes|möte?s|justerat\s+|ojusterat\s+|styrelse)?protokoll\w*|sammanträde|möte|"
    r"styrelsemöte|minnesanteckningar|mötesanteckningar|kallelse|dagordning|titel|nämnd|protokoll\s+nr.*)"
    r"(?:\s+(?:fört\s+vid|från|för|med|vid|nr)\b.*)?$",
    re.IGNORECASE,
)


_ORGAN = re.compile(
    r"nämnd|styrelse|utskott|fullmäktige|grupp|\brådet?\b|forum|beredning|nätverk|chefer|presidi|kommitté|"
    r"ledning|direktion|samverkan",
    re.IGNORECASE,
)
_ORGAN_OF = re.compile(
    r"^(?:protokoll\w*|möte|sammanträde)\s+(?:fört\s+vid\s+|från\s+|med\s+|för\s+)?"
    r"(?:(?:möte|sammanträde)\s+med\s+)?(?P<organ>.+)$",
    re.IGNORECASE,
)
_FIELD_PREFIX = re.compile(r"^(?:nämnd|organ|forum|beslutsinstans|nämnd/styrelse)\s*:\s*", re.IGNORECASE)
_FURNITURE_BITS = re.compile(r"\bsida\b.*$|\d*\s*\(\d+\)|\bprotokoll\s+\d+\b", re.IGNORECASE)


def body_from_title(title: list[str]) -> str | None:
    """The title line that names an organ; ALL-CAPS headers get normal capitalisation.

    A web page's breadcrumb ("Hem > Tyresö kommun > Barn- och utbildningsnämnden > Sammanträde …")
    names the organ just before the meeting. Otherwise only a short line that reads as an organ
    (nämnd, styrelse, utskott, grupp …) is taken — page numbers, times, names and labels in the
    first lines of a PDF copy are not organs, and a protocol without one is filed as guessed.
    """
    for line in title:
        line = line.lstrip("#").strip()
        if _BREADCRUMB.match(line):
            crumbs = [c.strip() for c in re.sub(r"^din\s+position\s*:\s*", "", line, flags=re.I).split(">")]
            named = [c for c in crumbs if c and not _GENERIC_TITLE.match(_DATED_WORDS.sub("", c).strip())]
            if len(named) >= 2:
                return named[-1]
            continue
        if (organ := _organ_in(line)) is not None:
            return organ
    return None


_MEETING_WITH = re.compile(r"\b(?:möte|sammanträde)\s+med\s+(?P<organ>[^,.:;]{3,60}?)\s+(?:den\s+)?\d", re.IGNORECASE)


def _organ_in(line: str) -> str | None:
    if len(line) > 60 and (match := _MEETING_WITH.search(line)):
        line = match.group("organ")  # a header that lost its line breaks: "… möte med X den 3 mars 2010 Närvarande …"
    if not line or _NOT_A_BODY.match(line) or "§" in line:
        return None
    text = _FIELD_PREFIX.sub("", line)
    text = " ".join(_FURNITURE_BITS.sub(" ", _DATED_WORDS.sub(" ", text)).split()).strip(" ,:–-")
    if (match := _ORGAN_OF.match(text)) is not None:
        text = match.group("organ").strip()
    if not text or ":" in text or len(text) > 60 or re.search(r"\d", text) or not _ORGAN.search(text):
        return None
    if _GENERIC_TITLE.match(text) or re.search(r"protokoll|sammanträde", text, re.IGNORECASE):
        return None
    text = normal_case(text)
    return text[:1].upper() + text[1:]


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
    elif item.field == "body" and (organ := re.sub(r"^och\s+§§\s*|\s*§§?\s*[\d\s–-]*$", "", first).strip()):
        return normal_case(organ)  # "Organ och §§ Socialnämnden §§ 82-99": the organ without its range
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
