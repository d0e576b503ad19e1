"""Entry point of the archive import: one text in, one ParsedDocument out.

The archive holds four kinds of paper: protocols (§§ with decisions), samverkansavtal,
beslutsförslag (att-clauses without §) and things we cannot use. The kind is decided by what
the text contains, not by the file name, and parsing never raises on odd input: an archive
import of hundreds of files must report a bad one in ``warnings`` (in Swedish) and go on.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from handlers.archive import texts
from handlers.archive.agreement import AGREEMENT_TITLE, parse_agreement
from handlers.archive.decision import decider
from handlers.archive.header import parse_header, read_closing
from handlers.archive.labels import match_label
from handlers.archive.model import ParsedDocument, ParsedParagraph
from handlers.archive.paragraph import parse_paragraph
from handlers.archive.proposal import find_proposal_heading, parse_proposal
from handlers.archive.sections import MINUTES, Section, split_sections
from handlers.archive.text import content_hash, normalise_text
from handlers.archive.unglue import unglue

log = logging.getLogger(__name__)
PARSER_VERSION = "3"
"""Part of every file's content hash: when the parser learns a layout, re-importing re-reads old files."""
_RANGE = re.compile(r"(\d{1,4})(?:\s*[-–]\s*§?\s*(\d{1,4}))?")


def parse_document(text: str, *, source_name: str, reference: date | None = None) -> ParsedDocument:
    """Parse ``text`` (raw or already normalised); ``reference`` dates yearless deadlines."""
    normalised = normalise_text(text)
    document = ParsedDocument(kind="unknown", source_name=source_name,
                              content_hash=content_hash(f"parser {PARSER_VERSION}\n{normalised}"))
    lines = unglue(normalised.split("\n"))
    today = reference or date.today()
    start = next((i for i, line in enumerate(lines) if line.lstrip("#").strip()), None)
    if start is None:
        document.warnings.append(f"{source_name}: dokumentet innehåller ingen text.")
        return document
    if _not_swedish(normalised):
        document.warnings.append(texts.NOT_SWEDISH)
        return document
    title = lines[start].lstrip("#").strip()
    first, sections = split_sections(lines, declared=_declared_range(lines))
    if sections:
        _protocol(document, lines=lines, first=first, sections=sections, reference=today)
    elif AGREEMENT_TITLE.search(title):
        document.kind, document.title = "agreement", title
        document.agreement = parse_agreement(lines[start + 1 :], title=title)
    elif (heading := find_proposal_heading(lines)) is not None:
        document.kind, document.title = "proposal", title
        document.paragraphs = [parse_proposal(lines, heading=heading, reference=today)]
    else:
        _header_only_or_unknown(document, lines=lines, reference=today)
    return document


def _protocol(
    document: ParsedDocument, *, lines: list[str], first: int, sections: list[Section], reference: date
) -> None:
    document.kind = "protocol"
    header = parse_header(lines[:first], reference=reference)
    meeting = document.meeting = header.meeting
    meeting_day = meeting.day or reference
    read_closing("\n".join(lines), meeting, reference=meeting_day)
    for section in sections:
        paragraph = _safe_paragraph(section, reference=meeting_day, warnings=document.warnings)
        if paragraph is not None:
            document.paragraphs.append(paragraph)
    document.body_name = header.body_name or next(
        (who for p in document.paragraphs if (who := decider(p.decision_intro))), None
    )
    if header.day_guessed:
        document.guessed.append("datum")
    if document.body_name is None or (header.body_name is None):
        document.guessed.append("organ")
    _check_protocol(document)


def _safe_paragraph(section: Section, *, reference: date, warnings: list[str]) -> ParsedParagraph | None:
    """One unreadable § must not stop the import of the others (the error is logged for us)."""
    try:
        return parse_paragraph(section, reference=reference)
    except Exception:  # noqa: BLE001 - reported to the user as a warning, logged with traceback
        log.exception("§ %s could not be parsed", section.number)
        warnings.append(f"§ {section.number} kunde inte tolkas och har hoppats över.")
        return None


def _check_protocol(document: ParsedDocument) -> None:
    """Tell the secretary what is missing or inconsistent, so it can be fixed by hand."""
    meeting, warnings = document.meeting, document.warnings
    assert meeting is not None
    if meeting.day is None:
        warnings.append("Mötets datum står inte i dokumentet – ange datum för mötet vid importen.")
    if document.body_name is None:
        warnings.append("Organet (nämnd eller grupp) som höll mötet framgår inte av dokumentet.")
    numbers = [p.number for p in document.paragraphs if p.number is not None]
    if any(b <= a for a, b in zip(numbers, numbers[1:], strict=False)):
        warnings.append("Paragraferna står inte i stigande ordning – kontrollera numreringen.")
    if meeting.paragraph_range and numbers:
        low, high = meeting.paragraph_range
        if (min(numbers), max(numbers)) != (low, high):
            warnings.append(
                f"Protokollet säger sig omfatta § {low}–{high} men innehåller § {min(numbers)}–{max(numbers)}."
            )
    for paragraph in document.paragraphs:
        if not paragraph.title:
            warnings.append(f"§ {paragraph.number} saknar rubrik.")


def _header_only_or_unknown(document: ParsedDocument, *, lines: list[str], reference: date) -> None:
    header = parse_header(lines, reference=reference)
    meeting = header.meeting
    if meeting.day is not None and (meeting.decision_makers or meeting.place or meeting.paragraph_range):
        # Kept as read (the summary shows its date and organ), but with no § it is not imported.
        document.kind, document.meeting, document.body_name = "protocol", meeting, header.body_name
        document.warnings.append("Protokollet har ett huvud men inga paragrafer (§) kunde hittas.")
        return
    if meeting.day is not None and any(MINUTES.search(line) for line in lines[:40]):
        document.kind, document.meeting, document.body_name = "protocol", meeting, header.body_name
        document.warnings.append("Protokollet har ett huvud men inga paragrafer (§) kunde hittas.")
        return
    document.warnings.append(
        f"{document.source_name}: dokumentet kändes inte igen som protokoll, avtal eller beslutsförslag "
        "(inga §, inget avtal, inga att-satser)."
    )


_DANO_NORWEGIAN = re.compile(r"[æøÆØ]|\b(?:ikke|møte|vedtak|utvalget|sagen|referat)\b", re.IGNORECASE)
_SWEDISH = re.compile(r"[äöÄÖ]|\b(?:inte|möte|beslut|nämnden|ärendet|protokoll)\b", re.IGNORECASE)


def _not_swedish(text: str) -> bool:
    """A Danish or Norwegian text is refused whole: half-reading it would invent §§ and cases."""
    foreign = len(_DANO_NORWEGIAN.findall(text))
    return foreign >= 3 and foreign > 2 * len(_SWEDISH.findall(text))


def _declared_range(lines: list[str]) -> tuple[int, int] | None:
    """The declared range ("Protokollet omfattar §§ 12-15") lets paragraphs be found when the § signs were lost."""
    for line in lines:
        found = match_label(line)
        if found and found[0] == "range" and (match := _RANGE.search(found[2])):
            return int(match.group(1)), int(match.group(2) or match.group(1))
    return None
