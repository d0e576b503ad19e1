"""Storing a paragraph with everything that hangs on it, the same way for chat and import.

A § is never written alone: its case, its ordered clauses, the assignments hidden in those
clauses and its search-index entry are written in the same transaction, so a lookup can never
find half a decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from handlers.lookups import get_or_create_case
from handlers.parsing.assignments import ExtractedAssignment, extract_assignments
from handlers.parsing.dnr import Dnr
from handlers.report_back import link_report_backs
from storage.models import Assignment, Body, Clause, Meeting, Paragraph
from storage.search import index_paragraph, remove_paragraph


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


def next_number(session: Session, *, tenant_id: int, body: Body, year: int) -> int:
    """The next free § number of a body in a year (numbering runs per body and year)."""
    highest = session.scalar(select(func.max(Paragraph.number)).where(
        Paragraph.tenant_id == tenant_id, Paragraph.body_id == body.id, Paragraph.year == year))
    return (highest or 0) + 1


def existing_paragraph(session: Session, *, tenant_id: int, body: Body, year: int, number: int) -> Paragraph | None:
    """The paragraph with this number in this body and year, if any."""
    return session.scalars(select(Paragraph).where(
        Paragraph.tenant_id == tenant_id, Paragraph.body_id == body.id, Paragraph.year == year,
        Paragraph.number == number)).first()


def store_paragraph(session: Session, *, tenant_id: int, body: Body, meeting: Meeting | None, data: ParagraphData,
                    reference: date, zone, replace: Paragraph | None = None,  # type: ignore[no-untyped-def]
                    assignment_status: Callable[[ExtractedAssignment], str] | None = None) -> Paragraph:
    """Write (or rewrite) a paragraph, its clauses, extracted assignments and index entry.

    Clauses and assignments go in as one bulk INSERT each rather than one ORM object per row:
    an archive import writes tens of thousands of them, and the per-object bookkeeping was most
    of its time. ``assignment_status`` lets an import file historic assignments as archived.
    """
    if replace is not None:
        remove_paragraph(session, paragraph_id=replace.id)
        session.delete(replace)
        session.flush()
    case = get_or_create_case(session, tenant_id=tenant_id, dnr=data.dnr, title=data.title) if data.dnr else None
    paragraph = Paragraph(
        tenant_id=tenant_id, body_id=body.id, meeting_id=meeting.id if meeting else None, year=data.year,
        number=data.number, title=data.title, case_id=case.id if case else None, proposal=data.proposal,
        decision_intro=data.intro, body_text=data.body_text, distribution=list(data.distribution),
        documents=list(data.documents), confidential=data.confidential, source_document_id=data.source_document_id,
        extra={},
    )
    paragraph.body = body
    paragraph.case = case
    paragraph.meeting = meeting
    session.add(paragraph)
    session.flush()
    if data.clauses:
        session.execute(insert(Clause), [{"tenant_id": tenant_id, "paragraph_id": paragraph.id, "position": position,
                                          "text": text} for position, text in enumerate(data.clauses)])
    rows = []
    for found in extract_assignments(data.clauses, reference=reference):
        report_at = None
        if found.report_at is not None:
            report_at = datetime.combine(found.report_at, found.report_time or time(0), tzinfo=zone)
        rows.append({"tenant_id": tenant_id, "body_id": body.id, "paragraph_id": paragraph.id,
                     "clause_position": found.clause_index, "assignee_name": found.assignee, "task": found.task,
                     "due_on": found.due, "due_time": found.due_time, "report_to_text": found.report_to,
                     "report_at": report_at, "kind": found.kind,
                     "status": assignment_status(found) if assignment_status else "open"})
    if rows:
        session.execute(insert(Assignment), rows)
    index_paragraph(session, paragraph, clause_texts=data.clauses)
    if any(row["report_at"] is not None and row["status"] == "open" for row in rows):
        link_report_backs(session, tenant_id=tenant_id, paragraph=paragraph, zone=zone)
    return paragraph
