"""Writing one parsed archive document into the database, idempotently.

Every row an import creates carries the SourceDocument it came from. Importing the same text
again (same content hash) touches nothing; a changed text first deletes exactly the rows of its
previous import and then writes the new ones, inside the caller's transaction, so a lookup sees
either the old protocol or the new one. A file's new §§ go through ``store_paragraphs``, the
bulk form of chat's ``store_paragraph`` built from the same row helpers, so clauses, extracted
assignments and the search index are written one way only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from handlers.archive import texts
from handlers.archive.import_agreement import write_agreement
from handlers.archive.import_meeting import find_or_create_body, write_meeting
from handlers.archive.memo import ImportMemo
from handlers.archive.model import ParsedDocument, ParsedParagraph
from handlers.parsing.assignments import ExtractedAssignment
from handlers.recording import ParagraphData, store_paragraphs
from storage.models import Agreement, Assignment, Body, Meeting, Membership, Paragraph, SourceDocument
from storage.search import remove_paragraph

PROPOSAL_BODY = "Importerade förslag"
UNKNOWN_BODY = "Importerade protokoll"


@dataclass
class ImportResult:
    """What one file gave; ``status`` is imported | updated | unchanged | empty | failed.

    ``empty`` is a readable file in which no paragraph was found: it is reported as «inget
    protokoll hittades», never as imported, and nothing of it is written. ``meeting_day``,
    ``body``, ``dnr`` and ``guessed`` are what the per-file summary tells the secretary.
    """

    source_name: str
    status: str
    kind: str = "unknown"
    meetings: int = 0
    paragraphs: int = 0
    assignments: int = 0
    agreements: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    source_document_id: int | None = None
    meeting_day: date | None = None
    body: str | None = None
    dnr: int = 0
    guessed: list[str] = field(default_factory=list)


def import_document(session: Session, *, tenant_id: int, parsed: ParsedDocument, zone: ZoneInfo,
                    reference: date | None = None, now: datetime | None = None,
                    memo: ImportMemo | None = None) -> ImportResult:
    """Write ``parsed`` for the tenant; ``reference`` dates undated documents (default: today).

    ``memo`` carries case ids and dictionary words an import run already committed; what this
    document adds is staged on it for the caller to commit or discard with the transaction.
    """
    now = now or datetime.now(UTC)
    reference_given = reference is not None
    reference = reference or now.astimezone(zone).date()
    result = ImportResult(source_name=parsed.source_name, status="imported", kind=parsed.kind,
                          warnings=list(parsed.warnings), body=parsed.body_name, guessed=list(parsed.guessed),
                          meeting_day=parsed.meeting.day if parsed.meeting else None,
                          dnr=len({p.dnr.key for p in parsed.paragraphs if p.dnr is not None}))
    if parsed.kind == "unknown" or (parsed.kind in ("protocol", "proposal") and not parsed.paragraphs):
        result.status, result.warnings = "empty", [texts.NO_PROTOCOL, *result.warnings]
        return result
    source = session.scalars(select(SourceDocument).where(
        SourceDocument.tenant_id == tenant_id, SourceDocument.source_name == parsed.source_name)).first()
    if source is not None and source.content_hash == parsed.content_hash:
        result.status, result.source_document_id = "unchanged", source.id
        return result
    if source is None:
        source = SourceDocument(tenant_id=tenant_id, source_name=parsed.source_name[:500],
                                content_hash=parsed.content_hash, kind=parsed.kind, summary={})
        session.add(source)
        session.flush()
    else:
        forget_document(session, tenant_id=tenant_id, source=source)
        result.status = "updated"
    result.source_document_id = source.id
    created: dict[str, list[int]] = {"memberships": []}
    if parsed.kind == "agreement" and parsed.agreement is not None:
        _, seats = write_agreement(session, tenant_id=tenant_id, agreement=parsed.agreement,
                                   source_document_id=source.id)
        created["memberships"] = seats
        result.agreements = 1
    elif parsed.kind in ("protocol", "proposal"):
        _write_paragraphs(session, tenant_id=tenant_id, parsed=parsed, zone=zone, reference=reference,
                          reference_given=reference_given, source=source, result=result, memo=memo)
    else:
        result.warnings.append(texts.NOT_RECOGNISED)
    source.content_hash, source.kind = parsed.content_hash, parsed.kind
    source.summary = {**created, "meetings": result.meetings, "paragraphs": result.paragraphs,
                      "assignments": result.assignments, "agreements": result.agreements,
                      "warnings": result.warnings}
    session.flush()
    return result


def forget_document(session: Session, *, tenant_id: int, source: SourceDocument) -> None:
    """Delete every row a previous import of ``source`` wrote (bodies and cases stay: others share them)."""
    ids = list(session.scalars(select(Paragraph.id).where(
        Paragraph.tenant_id == tenant_id, Paragraph.source_document_id == source.id)))
    for paragraph_id in ids:
        remove_paragraph(session, paragraph_id=paragraph_id)
    if ids:
        session.execute(delete(Assignment).where(Assignment.paragraph_id.in_(ids)))
        session.execute(delete(Paragraph).where(Paragraph.id.in_(ids)))
    session.execute(delete(Meeting).where(Meeting.tenant_id == tenant_id, Meeting.source_document_id == source.id))
    session.execute(delete(Agreement).where(Agreement.tenant_id == tenant_id,
                                            Agreement.source_document_id == source.id))
    seats = (source.summary or {}).get("memberships") or []
    if seats:
        session.execute(delete(Membership).where(Membership.tenant_id == tenant_id, Membership.id.in_(seats)))
    session.flush()
    session.expire_all()


def _write_paragraphs(session: Session, *, tenant_id: int, parsed: ParsedDocument, zone: ZoneInfo,
                      reference: date, source: SourceDocument, result: ImportResult, memo: ImportMemo | None,
                      reference_given: bool = False) -> None:
    default = PROPOSAL_BODY if parsed.kind == "proposal" else UNKNOWN_BODY
    if parsed.body_name is None and parsed.kind == "protocol":
        result.warnings.append(texts.NO_BODY.format(body=default))
    body = find_or_create_body(session, tenant_id=tenant_id, name=parsed.body_name or default)
    meeting = None
    if parsed.meeting is not None and parsed.meeting.day is not None:
        meeting = write_meeting(session, tenant_id=tenant_id, body=body, parsed=parsed.meeting, zone=zone,
                                source_document_id=source.id)
        result.meetings = 1
        reference = parsed.meeting.day
    paragraphs = _one_per_number(parsed.paragraphs, warnings=result.warnings)
    # A protocol numbered per meeting ("1 Informationsärende", "Punkt 3") keeps its numbers in a run of its
    # own (0011): the meeting's, or the file's when the meeting day is unknown.
    own_run = f"möte {parsed.meeting.day.isoformat()}" if meeting is not None and parsed.meeting else f"fil {source.id}"
    years = {_year(item, reference=reference, dated=meeting is not None) for item in paragraphs}
    numbers = {item.number for item in paragraphs if item.number is not None}
    taken = _numbered(session, tenant_id=tenant_id, body=body, years=years, numbers=numbers, runs=("", own_run), zone=zone)
    items: list[ParagraphData] = []
    scoped: dict[int, tuple[int, str]] = {}  # position in items → (number, run) set after the insert
    replaced = False
    for index, item in enumerate(paragraphs):
        year = _year(item, reference=reference, dated=meeting is not None)
        # Nothing in the file tells the year (no meeting day, dnr or "§ N/ÅÅ") and nobody gave one: the
        # import year is only a filing slot, so readers are told «odaterat» rather than a year it never had.
        year_unknown = meeting is None and not reference_given and item.dnr is None and item.year_written is None
        if index == 0 and meeting is None and parsed.kind == "protocol" and any(p.dnr for p in paragraphs):
            result.warnings.append(texts.NO_DAY.format(year=year))
        if item.number is None:
            items.append(_paragraph_data(item, year=year, source=source, parsed=parsed, year_unknown=year_unknown))
            continue
        if item.per_meeting:
            if taken.get((year, own_run, item.number)) is not None:  # the same meeting imported from another copy
                result.warnings.append(texts.PARAGRAPH_TAKEN.format(
                    number=item.number, year=year, body=body.name, source=_source_name(session, taken, year, own_run,
                                                                                     item.number)))
                continue
            scoped[len(items)] = (item.number, own_run)
            items.append(_paragraph_data(item, year=year, source=source, parsed=parsed, unnumbered=True,
                                         year_unknown=year_unknown))
            continue
        if meeting is None and item.dnr is None and item.year_written is None:
            # Neither a meeting day nor a case tells the year: filing it as "§ N of the import year" would
            # claim a number that belongs to some other year, so the number is kept as written only.
            result.warnings.append(texts.NO_DAY_NO_YEAR.format(number=item.number))
            items.append(_paragraph_data(item, year=year, source=source, parsed=parsed, unnumbered=True,
                                         year_unknown=year_unknown))
            continue
        replace = taken.get((year, "", item.number))
        if replace is not None and replace[1] not in (None, source.id):
            other_name = _source_name(session, taken, year, "", item.number)
            day = parsed.meeting.day if parsed.meeting else None
            if meeting is not None and replace[2] != day and taken.get((year, own_run, item.number)) is None:
                # Another meeting of the body already has this number in the year: the numbering restarts or
                # overlaps. Both are real §§, so this one keeps its number in its meeting's run.
                result.warnings.append(texts.PARAGRAPH_OWN_RUN.format(
                    number=item.number, year=year, source=other_name, run=own_run))
                scoped[len(items)] = (item.number, own_run)
                items.append(_paragraph_data(item, year=year, source=source, parsed=parsed, unnumbered=True,
                                         year_unknown=year_unknown))
                continue
            if meeting is None:
                # Two undated protocols of one body may both have a § 3 of "that year": neither is dropped;
                # this one keeps its number as written and is found by its title and text.
                result.warnings.append(texts.PARAGRAPH_UNNUMBERED.format(number=item.number, source=other_name))
                items.append(_paragraph_data(item, year=year, source=source, parsed=parsed, unnumbered=True,
                                         year_unknown=year_unknown))
                continue
            result.warnings.append(texts.PARAGRAPH_TAKEN.format(
                number=item.number, year=year, body=body.name, source=other_name))
            continue
        if replace is not None:  # a § of the same number recorded in chat is replaced by the protocol
            remove_paragraph(session, paragraph_id=replace[0])
            old = session.get(Paragraph, replace[0])
            if old is not None:
                session.delete(old)
            replaced = True
        items.append(_paragraph_data(item, year=year, source=source, parsed=parsed, year_unknown=year_unknown))
    if replaced:
        session.flush()
    today = datetime.now(zone).date()
    known = memo.for_tenant(tenant_id) if memo is not None else None
    # A justerat protocol's §§ are locked, as after a justering in chat: written locked, no UPDATE.
    stored = store_paragraphs(session, tenant_id=tenant_id, body=body, meeting=meeting, items=items,
                              reference=reference, zone=zone, locked=meeting is not None and meeting.state == "justerat",
                              assignment_status=lambda found: historic_status(found, today=today),
                              known_cases=known.cases if known else None, known_words=known.words if known else None)
    if scoped:
        # store_paragraphs writes §§ numbered per body and year; the run's numbers go on by primary key.
        session.execute(update(Paragraph), [{"id": stored.ids[position], "number": number, "number_scope": run}
                                            for position, (number, run) in scoped.items()])
    if known is not None:
        known.stage(cases=stored.cases, words=stored.words)
    result.paragraphs += len(stored.ids)
    result.assignments = stored.assignments


def _year(item: ParsedParagraph, *, reference: date, dated: bool) -> int:
    """The year a § is numbered in: as written ("§ 73/10"), else the meeting's, else its dnr's."""
    if item.year_written is not None:
        return item.year_written
    return reference.year if dated or item.dnr is None else item.dnr.year


def _source_name(session: Session, taken: dict[tuple[int, str, int], tuple[int, int | None, date | None]],
                 year: int, run: str, number: int) -> str:
    """The file an already stored § came from, for the warning ("?" when it was recorded in chat)."""
    found = taken.get((year, run, number))
    other = session.get(SourceDocument, found[1]) if found and found[1] is not None else None
    return other.source_name if other else "?"


def _numbered(session: Session, *, tenant_id: int, body: Body, years: set[int], numbers: set[int],
              runs: tuple[str, ...], zone: ZoneInfo) -> dict[tuple[int, str, int], tuple[int, int | None, date | None]]:
    """``{(year, run, number): (paragraph id, source document id, meeting day)}`` for the numbers this document uses.

    One narrow query per document: only the numbers the document uses in the runs it may write to,
    and no ORM objects, since a body's year can already hold hundreds of §§ and only a clash matters.
    """
    if not numbers:
        return {}
    query = select(Paragraph.id, Paragraph.year, Paragraph.number_scope, Paragraph.number,
                   Paragraph.source_document_id, Meeting.starts_at).outerjoin(
        Meeting, Meeting.id == Paragraph.meeting_id).where(
        Paragraph.tenant_id == tenant_id, Paragraph.body_id == body.id, Paragraph.year.in_(sorted(years)),
        Paragraph.number_scope.in_(runs), Paragraph.number.in_(sorted(numbers)))
    return {(year, run, number): (pid, source_id, starts.astimezone(zone).date() if starts else None)
            for pid, year, run, number, source_id, starts in session.execute(query)}


def describe(result: ImportResult) -> str:
    """One line per file for the secretary: what was found, and what of it was a guess."""
    line = texts.FILE_SUMMARY.format(
        paragraphs=result.paragraphs, dnr=result.dnr, assignments=result.assignments,
        day=result.meeting_day.isoformat() if result.meeting_day else texts.NO_DAY_WRITTEN,
        body=result.body or texts.NO_DAY_WRITTEN)
    if result.guessed:
        line += "; " + texts.FILE_GUESSED.format(what=", ".join(texts.GUESS_NAMES.get(g, g) for g in result.guessed))
    return line


def historic_status(found: ExtractedAssignment, *, today: date) -> str:
    """An imported assignment whose every date has passed is filed as archived, not open.

    Nobody knows from an old protocol whether it was done, and reminding a channel weekly about
    every deadline of twenty years of minutes would drown the assignments that are live. Those with
    a date still ahead stay open and get reminders like any other.
    """
    dates = [d for d in (found.due, found.report_at) if d is not None]
    return "archived" if dates and max(dates) < today else "open"


def _one_per_number(paragraphs: list[ParsedParagraph], *, warnings: list[str]) -> list[ParsedParagraph]:
    """One § per number: a number written twice (a contents line the parser kept) costs only that §.

    The fuller version is kept, so a clash never refuses the file.
    """
    best: dict[tuple[int | None, int], ParsedParagraph] = {}
    for item in paragraphs:
        if item.number is None:
            continue
        key = (item.year_written, item.number)  # "§ 12/10" and "§ 12/11" are two §§
        if key in best:
            warnings.append(texts.PARAGRAPH_TWICE.format(number=item.number))
            if _content(item) <= _content(best[key]):
                continue
        best[key] = item
    return [p for p in paragraphs if p.number is None or best.get((p.year_written, p.number)) is p]


def _content(item: ParsedParagraph) -> int:
    return len(item.body_text) + sum(len(c) for c in item.clauses) + len(item.proposal or "")


def _paragraph_data(item: ParsedParagraph, *, year: int, source: SourceDocument,
                    parsed: ParsedDocument, unnumbered: bool = False, year_unknown: bool = False) -> ParagraphData:
    """What store_paragraphs needs of one parsed §."""
    extra = {"item_marker": item.item_marker} if item.item_marker else {}
    if year_unknown:
        extra["year_unknown"] = "1"
    if parsed.kind == "proposal" and parsed.title:
        extra["document_title"] = parsed.title
    if item.prefix:
        extra["prefix_written"] = item.prefix
    if unnumbered:
        extra["number_written"] = str(item.number)
    if item.prose_clauses:
        extra["clauses_from_prose"] = str(item.prose_clauses)
    return ParagraphData(
        title=(item.title or "Utan rubrik")[:500], year=year, number=None if unnumbered else item.number,
        dnr=item.dnr,
        proposal=item.proposal, intro=item.decision_intro, body_text=item.body_text or None,
        clauses=list(item.clauses), distribution=list(item.distribution), documents=list(item.documents),
        confidential=item.confidential, source_document_id=source.id, extra=extra,
    )
