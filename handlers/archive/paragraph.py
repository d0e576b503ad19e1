"""One § of a protocol, read into title, diarienummer, decision, distribution and documents.

The title is kept as written (the archive quotes the protocol); only what the template adds
to it is taken off — a diarienummer in parentheses and an item marker such as "(B)".
"""

from __future__ import annotations

import re
from datetime import date

from handlers.archive.decision import read_decision
from handlers.archive.model import ParsedParagraph
from handlers.archive.parts import Part, list_items, split_parts
from handlers.archive.prose_deadlines import prose_deadlines
from handlers.archive.sections import Section
from handlers.parsing.assignments import extract_assignments
from handlers.parsing.dnr import Dnr, find_dnrs, parse_dnr

_MARKER = re.compile(r"\s*\((?P<marker>B|I|D|Beslut|Information|Info|Diskussion)\)\s*$", re.IGNORECASE)
_DNR_LABEL = re.compile(
    r"^(?:ärende\s+\d{1,3}\s+)?(?:diarienummer|dnr|ärendenummer|vår\s+beteckning)\s*\.?\s*:?\s*", re.IGNORECASE)
_CONFIDENTIAL_TITLE = re.compile(r"sekretess|\bOSL\b", re.IGNORECASE)
# A line that declares secrecy, not one that merely mentions it in passing.
_CONFIDENTIAL_LINE = re.compile(
    r"^(?:sekretess(?:belag[dt])?|omfattas av sekretess|sekretessärende)\.?$"
    r"|^(?:sekretess|.*omfattas av sekretess).*(?:\bkap\b|\bOSL\b|sekretesslag)",
    re.IGNORECASE,
)
_BODY_KINDS = ("preamble", "summary", "handling")


def parse_paragraph(section: Section, *, reference: date) -> ParsedParagraph:
    """Read one § (``reference`` is the meeting day, giving "senast 1/5" its year)."""
    lines = list(section.lines)
    title = section.heading_rest
    if not title:
        title = _pop_first_nonempty(lines)
    title = title.lstrip("#").strip()
    dnr, title = _dnr_from_title(title)
    if dnr is None:
        dnr = _dnr_from_following(lines)
    if dnr is None and section.dnr_line is not None:
        dnr = parse_dnr(_DNR_LABEL.sub("", section.dnr_line)) or parse_dnr(section.dnr_line)
    marker = None
    if match := _MARKER.search(title):
        marker, title = match.group("marker"), title[: match.start()].rstrip()
    paragraph = ParsedParagraph(number=section.number, title=title, dnr=dnr, item_marker=marker,
                                per_meeting=section.per_meeting, year_written=section.year_written,
                                prefix=section.prefix)
    paragraph.dnr_written = dnr.written if dnr else None
    _fill_from_parts(paragraph, split_parts(lines))
    paragraph.confidential = bool(_CONFIDENTIAL_TITLE.search(title)) or any(
        _CONFIDENTIAL_LINE.match(line.strip()) for line in lines
    )
    if not paragraph.clauses and paragraph.body_text:
        # Minutes that record a § in running prose: its dated follow-ups are decision points too.
        prose = prose_deadlines(paragraph.body_text, after=reference, known=paragraph.clauses)
        paragraph.clauses, paragraph.prose_clauses = prose, len(prose)
    paragraph.assignments = extract_assignments(paragraph.clauses, reference=reference)
    return paragraph


def _fill_from_parts(paragraph: ParsedParagraph, parts: list[Part]) -> None:
    body: list[str] = []
    decided = next((p for p in parts if p.kind == "decision"), None)
    if decided is not None and (decision := read_decision(decided.lines, require_intro=False)):
        paragraph.decision_intro, paragraph.clauses = decision.intro, decision.clauses
    for part in parts:
        if part.kind in _BODY_KINDS:
            text = part.text
            if decided is None and paragraph.decision_intro is None:
                decision = read_decision(part.lines, require_intro=True)
                if decision is not None:
                    paragraph.decision_intro, paragraph.clauses = decision.intro, decision.clauses
                    text = "\n".join(decision.before).strip()
            if text:
                body.append(text)
        elif part.kind == "proposal":
            paragraph.proposal = part.text or None
            if decided is None and not paragraph.clauses and (points := read_decision(part.lines, require_intro=False)):
                # Only the proposal was published (web copies of the agenda-and-minutes): its points
                # are what the body decided on, and the dated ones are assignments to follow up.
                paragraph.clauses = points.clauses
        elif part.kind == "distribution":
            paragraph.distribution.extend(list_items(part.text))
        elif part.kind == "documents":
            paragraph.documents.extend(list_items(part.text))
    paragraph.body_text = "\n\n".join(body)


def _pop_first_nonempty(lines: list[str]) -> str:
    while lines:
        line = lines.pop(0).strip()
        if line:
            return line
    return ""


_MARK = "\x00"
_MARKED_DNR = re.compile(r"\s*[(\[]\s*\x00\s*[)\]]|\s*[,–-]?\s*\x00")


def _dnr_from_title(title: str) -> tuple[Dnr | None, str]:
    """A diarienummer written in the title line, and the title without it."""
    found = find_dnrs(title)
    if not found:
        return None, title
    dnr = found[0]
    # The dnr's first occurrence becomes one marker character so one precompiled pattern can cut it
    # with its brackets or dash: a pattern built per title missed re's cache on every § of an archive.
    marked = title.replace(dnr.written, _MARK, 1) if _MARK not in title else None
    if marked is None:
        written = re.escape(dnr.written)
        cleaned = re.sub(rf"\s*[(\[]\s*{written}\s*[)\]]|\s*[,–-]?\s*{written}", "", title, count=1).strip()
    else:
        cleaned = _MARKED_DNR.sub("", marked, count=1).replace(_MARK, dnr.written).strip()
    return dnr, cleaned or title


def _dnr_from_following(lines: list[str]) -> Dnr | None:
    """A line under the title that holds only a diarienummer ("SN/2022:61", "Dnr KS 2023/145")."""
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > 2:
            return None
        dnr = parse_dnr(_DNR_LABEL.sub("", line.strip())) or parse_dnr(line.strip()) or _dnr_with_suffix(line)
        if dnr is not None:
            del lines[index]
            return dnr
    return None


_SUFFIX_ONLY = re.compile(r"^[\s,;:–-]*(?:\d{1,4}[\s.,–-]*)*$")


def _dnr_with_suffix(line: str) -> Dnr | None:
    """"KS/2018:298 - 001": a diarienummer followed only by its classification code (nothing else)."""
    text = _DNR_LABEL.sub("", line.strip())
    found = find_dnrs(text)
    if not found or not text.startswith(found[0].written):
        return None
    return found[0] if _SUFFIX_ONLY.match(text[len(found[0].written):]) else None
