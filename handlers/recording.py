"""Storing a paragraph with everything that hangs on it, the same way for chat and import.

A § is never written alone: its case, its ordered clauses, the assignments hidden in those
clauses and its search-index entry are written in the same transaction, so a lookup can never
find half a decision. A meeting whose protocol is justerat is closed: nothing here writes to it (see ``is_closed``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from handlers.lookups import case_ids, get_or_create_case
from handlers.numbering import insert_numbered
from handlers.parsing.assignments import ExtractedAssignment, extract_assignments
from handlers.parsing.dnr import Dnr
from handlers.report_back import link_report_backs
from storage.models import Assignment, Body, Clause, Meeting, Paragraph
from storage.search import document_fields, index_documents, index_paragraph


@dataclass
class ParagraphData:
    """Everything a paragraph is made of, from a chat command or an imported protocol."""

    title: str
    year: int
    number: int | None = None
    dnr: Dnr | None = None
    proposal: str | None = None
    intro: str | None = None
    body_text: str | None = None
    clauses: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    confidential: bool = False
    source_document_id: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


def is_closed(meeting: Meeting | None) -> bool:
    """A justerat protocol is a public record: its meeting takes no new or changed § (only ``rätta``)."""
    return meeting is not None and (meeting.state == "justerat" or meeting.adjusted_at is not None)


def reopen_if_out_for_justering(meeting: Meeting | None) -> bool:
    """A protocol out for justering that changes goes back to the secretary, every approval undone.

    A justerare approves a wording; a § added or rewritten after that approval must not become
    justerat on it. The round starts over (``/protokoll klart``), as after a requested change.
    """
    if meeting is None or meeting.state != "för_justering":
        return False
    meeting.state = "genomfört"
    for adjustment in meeting.adjustments:
        adjustment.state, adjustment.comment, adjustment.decided_at = "väntar", None, None
    return True


def existing_paragraph(session: Session, *, tenant_id: int, body: Body, year: int, number: int) -> Paragraph | None:
    """The paragraph with this number in this body and year's own § run, if any.

    Imported protocols numbered per meeting keep their numbers in a run of their own
    (``number_scope``); a § typed in chat means the year's run, never «§ 3» of some imported meeting."""
    return session.scalars(select(Paragraph).where(
        Paragraph.tenant_id == tenant_id, Paragraph.body_id == body.id, Paragraph.year == year,
        Paragraph.number_scope == "", Paragraph.number == number)).first()


def store_paragraph(session: Session, *, tenant_id: int, body: Body, meeting: Meeting | None, data: ParagraphData,
                    reference: date, zone,  # type: ignore[no-untyped-def]
                    assignment_status: Callable[[ExtractedAssignment], str] | None = None) -> Paragraph:
    """Write a new paragraph, its clauses, extracted assignments and index entry.

    ``data.number`` None takes the next free number (see ``handlers.numbering``). Clauses and
    assignments go in as one bulk INSERT each rather than one ORM object per row: an archive import
    writes tens of thousands of them, and the per-object bookkeeping was most of its time.
    ``assignment_status`` lets an import file historic assignments as archived. An existing § is
    changed in place by ``handlers.rewrite``, never deleted and written again.
    """
    case = get_or_create_case(session, tenant_id=tenant_id, dnr=data.dnr, title=data.title) if data.dnr else None

    def build(number: int | None) -> Paragraph:
        paragraph = Paragraph(
            tenant_id=tenant_id, body_id=body.id, meeting_id=meeting.id if meeting else None, year=data.year,
            number=number, title=data.title, case_id=case.id if case else None, proposal=data.proposal,
            decision_intro=data.intro, body_text=data.body_text, distribution=list(data.distribution),
            documents=list(data.documents), confidential=data.confidential,
            source_document_id=data.source_document_id, extra=dict(data.extra),
        )
        paragraph.body = body
        paragraph.case = case
        paragraph.meeting = meeting
        return paragraph

    paragraph = insert_numbered(session, build=build, number=data.number, tenant_id=tenant_id, body=body,
                                 year=data.year)
    if data.clauses:
        session.execute(insert(Clause.__table__), clause_rows(tenant_id=tenant_id, paragraph_id=paragraph.id,
                                                              clauses=data.clauses))
    rows = assignment_rows(tenant_id=tenant_id, body_id=body.id, paragraph_id=paragraph.id, clauses=data.clauses,
                           reference=reference, zone=zone, assignment_status=assignment_status)
    if rows:
        session.execute(insert(Assignment.__table__), rows)
    index_paragraph(session, paragraph, clause_texts=data.clauses)
    if any(row["report_at"] is not None and row["status"] == "open" for row in rows):
        link_report_backs(session, tenant_id=tenant_id, paragraph=paragraph, zone=zone)
    return paragraph


def clause_rows(*, tenant_id: int, paragraph_id: int, clauses: list[str]) -> list[dict[str, object]]:
    """The Clause rows of a §, in order; shared by the single and the bulk writer."""
    return [{"tenant_id": tenant_id, "paragraph_id": paragraph_id, "position": position, "text": text}
            for position, text in enumerate(clauses)]


def assignment_rows(*, tenant_id: int, body_id: int, paragraph_id: int, clauses: list[str], reference: date,
                    zone, assignment_status: Callable[[ExtractedAssignment], str] | None,  # type: ignore[no-untyped-def]
                    ) -> list[dict[str, object]]:
    """The Assignment rows the clauses hold (same extractor as chat); shared by both writers."""
    rows: list[dict[str, object]] = []
    for found in extract_assignments(clauses, reference=reference):
        report_at = None
        if found.report_at is not None:
            report_at = datetime.combine(found.report_at, found.report_time or time(0), tzinfo=zone)
        rows.append({"tenant_id": tenant_id, "body_id": body_id, "paragraph_id": paragraph_id,
                     "clause_position": found.clause_index, "assignee_name": found.assignee, "task": found.task,
                     "due_on": found.due, "due_time": found.due_time, "report_to_text": found.report_to,
                     "report_at": report_at, "kind": found.kind,
                     "status": assignment_status(found) if assignment_status else "open"})
    return rows


@dataclass
class StoredParagraphs:
    """What ``store_paragraphs`` wrote: the new ids in input order, the assignment count, new dictionary words."""

    ids: list[int]
    assignments: int
    words: set[str]
    cases: dict[str, tuple[int, str, bool]]


def store_paragraphs(session: Session, *, tenant_id: int, body: Body, meeting: Meeting | None,
                     items: list[ParagraphData], reference: date, zone,  # type: ignore[no-untyped-def]
                     assignment_status: Callable[[ExtractedAssignment], str] | None = None, locked: bool = False,
                     known_cases: dict[str, tuple[int, str, bool]] | None = None,
                     known_words: set[str] | None = None) -> StoredParagraphs:
    """``store_paragraph`` for all new §§ of one archive file: the same rows, a handful of statements.

    Why: an import writes tens of thousands of §§, and per-§ ORM objects, flushes and single-row
    statements were most of its time. Here cases, paragraphs, clauses, assignments, index entries
    and dictionary words each go in as one statement for the whole file, built by the same helpers
    as the single-§ path (``clause_rows``, ``assignment_rows``, ``document_fields``). Callers delete
    any § being replaced first. ``locked`` writes a justerat protocol's §§ locked at once.
    ``known_cases``/``known_words`` are what this import run already committed (see ImportMemo);
    the result says which cases and words were looked up or added, to be remembered after commit.
    """
    if not items:
        return StoredParagraphs(ids=[], assignments=0, words=set(), cases={})
    cases = case_ids(session, tenant_id=tenant_id, wanted=[(d.dnr, d.title) for d in items if d.dnr is not None],
                     known=known_cases)
    meeting_id = meeting.id if meeting is not None else None
    table = Paragraph.__table__
    rows = [{"tenant_id": tenant_id, "body_id": body.id, "meeting_id": meeting_id, "year": d.year, "number": d.number,
             "title": d.title, "case_id": cases[d.dnr.key][0] if d.dnr is not None else None, "proposal": d.proposal,
             "decision_intro": d.intro, "body_text": d.body_text, "distribution": list(d.distribution),
             "documents": list(d.documents), "confidential": d.confidential, "locked": locked,
             "source_document_id": d.source_document_id, "extra": dict(d.extra)} for d in items]
    ids = [row[0] for row in session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)]
    clauses: list[dict[str, object]] = []
    assignments: list[dict[str, object]] = []
    entries: list[tuple[int, str, str, str]] = []
    for paragraph_id, d in zip(ids, items, strict=True):
        clauses += clause_rows(tenant_id=tenant_id, paragraph_id=paragraph_id, clauses=d.clauses)
        assignments += assignment_rows(tenant_id=tenant_id, body_id=body.id, paragraph_id=paragraph_id,
                                       clauses=d.clauses, reference=reference, zone=zone,
                                       assignment_status=assignment_status)
        written = cases[d.dnr.key][1] if d.dnr is not None else None
        entries.append((paragraph_id, *document_fields(title=d.title, clause_texts=d.clauses, proposal=d.proposal,
                                                       dnr_written=written)))
    if clauses:
        session.execute(insert(Clause.__table__), clauses)
    if assignments:
        session.execute(insert(Assignment.__table__), assignments)
    words = index_documents(session, tenant_id=tenant_id, entries=entries, known_words=known_words)
    linked = {row["paragraph_id"] for row in assignments if row["report_at"] is not None and row["status"] == "open"}
    for paragraph_id in sorted(linked):  # rare in an archive: a report-back date still ahead
        link_report_backs(session, tenant_id=tenant_id, paragraph=session.get(Paragraph, paragraph_id), zone=zone)
    return StoredParagraphs(ids=ids, assignments=len(assignments), words=words, cases=cases)
