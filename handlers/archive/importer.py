"""Writing one parsed archive document into the database, idempotently.

Every row an import creates carries the SourceDocument it came from. Importing the same text
again (same content hash) touches nothing; a changed text first deletes exactly the rows of its
previous import and then writes the new ones, inside the caller's transaction, so a lookup sees
either the old protocol or the new one. Paragraphs go through ``store_paragraph`` like chat
does, so clauses, extracted assignments and the search index are written one way only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from handlers.archive import texts
from handlers.archive.import_agreement import write_agreement
from handlers.archive.import_meeting import find_or_create_body, write_meeting
from handlers.archive.model import ParsedDocument, ParsedParagraph
from handlers.parsing.assignments import ExtractedAssignment
from handlers.recording import ParagraphData, store_paragraph
from storage.models import Agreement, Assignment, Body, Meeting, Membership, Paragraph, SourceDocument
from storage.search import remove_paragraph

PROPOSAL_BODY = "Importerade förslag"
UNKNOWN_BODY = "Importerade protokoll"


@dataclass
class ImportResult:
    """What one file gave; ``status`` is imported | updated | unchanged | failed."""

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


def import_document(session: Session, *, tenant_id: int, parsed: ParsedDocument, zone: ZoneInfo,
                    reference: date | None = None, now: datetime | None = None) -> ImportResult:
    """Write ``parsed`` for the tenant; ``reference`` dates undated documents (default: today)."""
    now = now or datetime.now(UTC)
    reference = reference or now.astimezone(zone).date()
    result = ImportResult(source_name=parsed.source_name, status="imported", kind=parsed.kind,
                          warnings=list(parsed.warnings))
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
                          source=source, result=result)
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
                      reference: date, source: SourceDocument, result: ImportResult) -> None:
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
    taken: dict[tuple[int, int], Paragraph] = {}
    for index, item in enumerate(parsed.paragraphs):
        # Without a meeting day the dnr's year is the best evidence of when the § was decided.
        year = reference.year if meeting is not None or item.dnr is None else item.dnr.year
        if index == 0 and meeting is None and parsed.kind == "protocol":
            result.warnings.append(texts.NO_DAY.format(year=year))
        if item.number is not None and not any(key[0] == year for key in taken):
            taken.update(_numbered(session, tenant_id=tenant_id, body=body, year=year))
        replace = taken.get((year, item.number)) if item.number is not None else None
        if replace is not None and replace.source_document_id not in (None, source.id):
            other = session.get(SourceDocument, replace.source_document_id)
            result.warnings.append(texts.PARAGRAPH_TAKEN.format(
                number=item.number, year=year, body=body.name, source=other.source_name if other else "?"))
            continue
        _write_paragraph(session, tenant_id=tenant_id, body=body, meeting=meeting, item=item, year=year,
                         reference=reference, zone=zone, source=source, result=result, parsed=parsed, replace=replace)
    # One count for the document: store_paragraph wrote the assignments its clauses hold.
    result.assignments = session.scalar(select(func.count(Assignment.id)).join(Paragraph).where(
        Paragraph.tenant_id == tenant_id, Paragraph.source_document_id == source.id)) or 0
    if meeting is not None and meeting.state == "justerat":
        # A justerat protocol's §§ are locked, as after a justering in chat; one UPDATE for the document.
        session.execute(update(Paragraph).where(Paragraph.tenant_id == tenant_id, Paragraph.source_document_id == source.id)
                        .values(locked=True))


def _numbered(session: Session, *, tenant_id: int, body: Body, year: int) -> dict[tuple[int, int], Paragraph]:
    """The body's numbered §§ of a year, fetched once per document rather than once per §."""
    query = select(Paragraph).where(Paragraph.tenant_id == tenant_id, Paragraph.body_id == body.id,
                                    Paragraph.year == year, Paragraph.number.is_not(None))
    return {(year, p.number): p for p in session.scalars(query) if p.number is not None}


def historic_status(found: ExtractedAssignment, *, today: date) -> str:
    """An imported assignment whose every date has passed is filed as archived, not open.

    Nobody knows from an old protocol whether it was done, and reminding a channel weekly about
    every deadline of twenty years of minutes would drown the assignments that are live. Those with
    a date still ahead stay open and get reminders like any other.
    """
    dates = [d for d in (found.due, found.report_at) if d is not None]
    return "archived" if dates and max(dates) < today else "open"


def _write_paragraph(session: Session, *, tenant_id: int, body: Body, meeting: Meeting | None,
                     item: ParsedParagraph, year: int, reference: date, zone: ZoneInfo, source: SourceDocument,
                     result: ImportResult, parsed: ParsedDocument, replace: Paragraph | None) -> None:
    """One § through store_paragraph; a § of the same number recorded in chat is replaced by the protocol."""
    data = ParagraphData(
        title=(item.title or "Utan rubrik")[:500], year=year, number=item.number, dnr=item.dnr,
        proposal=item.proposal, intro=item.decision_intro, body_text=item.body_text or None,
        clauses=list(item.clauses), distribution=list(item.distribution), documents=list(item.documents),
        confidential=item.confidential, source_document_id=source.id,
    )
    today = datetime.now(zone).date()
    paragraph = store_paragraph(session, tenant_id=tenant_id, body=body, meeting=meeting, data=data,
                                reference=reference, zone=zone, replace=replace,
                                assignment_status=lambda found: historic_status(found, today=today))
    extra = {"item_marker": item.item_marker} if item.item_marker else {}
    if parsed.kind == "proposal" and parsed.title:
        extra["document_title"] = parsed.title
    if extra:  # assigning an unchanged {} would still cost an UPDATE per §
        paragraph.extra = extra
    result.paragraphs += 1
