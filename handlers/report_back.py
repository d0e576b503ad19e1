"""Report-back (återrapportering): an assignment due back at a meeting lands on its agenda.

An assignment knows when it reports back (``report_at``) and often to whom ("utbildningsnämnden",
"styrgruppen"). Whichever comes second — the meeting or the assignment — makes the link: the
assignment gets ``report_to_meeting_id`` and the meeting an agenda item "Återrapportering: TASK
(§ 19, UTB 22/30)". The item remembers its assignment, so linking twice adds nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AgendaItem, Assignment, Body, Meeting, Paragraph
from storage.search.text import fold

TITLE_LIMIT = 480


def _day_bounds(moment: datetime, *, zone) -> tuple[datetime, datetime]:  # type: ignore[no-untyped-def]
    local = moment.astimezone(zone)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def _names(body: Body) -> list[str]:
    return [fold(n) for n in (body.name, body.short_name) if n]


def _fits(assignment: Assignment, meeting: Meeting) -> bool:
    """The meeting belongs to the body the assignment reports to (named, linked or its own)."""
    if assignment.report_to_body_id is not None:
        return assignment.report_to_body_id == meeting.body_id
    text = fold(assignment.report_to_text or "")
    if text and any(name in text.split() or (len(name) > 4 and name in text) for name in _names(meeting.body)):
        return True
    return assignment.body_id == meeting.body_id


def agenda_title(assignment: Assignment) -> str:
    """"Återrapportering: TASK (§ 19, UTB 22/30)"."""
    refs: list[str] = []
    paragraph: Paragraph | None = assignment.paragraph
    if paragraph is not None:
        if paragraph.number is not None:
            refs.append(f"§ {paragraph.number}")
        if paragraph.case is not None:
            refs.append(paragraph.case.dnr_written)
    task = assignment.task if len(assignment.task) <= TITLE_LIMIT else assignment.task[: TITLE_LIMIT - 1] + "…"
    return f"Återrapportering: {task}" + (f" ({', '.join(refs)})" if refs else "")


def _link(session: Session, assignment: Assignment, meeting: Meeting) -> bool:
    if assignment.report_to_meeting_id not in (None, meeting.id):
        return False
    assignment.report_to_meeting_id = meeting.id
    if any(item.source_assignment_id == assignment.id for item in meeting.agenda):
        return False
    case_id = assignment.paragraph.case_id if assignment.paragraph is not None else None
    meeting.agenda.append(AgendaItem(tenant_id=meeting.tenant_id, position=len(meeting.agenda) + 1,
                                     title=agenda_title(assignment), case_id=case_id, kind="återrapportering",
                                     source_assignment_id=assignment.id))
    return True


def link_report_backs(session: Session, *, tenant_id: int, meeting: Meeting | None = None,
                      assignment: Assignment | None = None, paragraph: Paragraph | None = None, zone) -> int:  # type: ignore[no-untyped-def]
    """Link what can be linked for a new meeting, assignment or paragraph; returns items added."""
    session.flush()
    added = 0
    if meeting is not None and meeting.state == "planerat":
        start, end = _day_bounds(meeting.starts_at, zone=zone)
        candidates = session.scalars(select(Assignment).where(
            Assignment.tenant_id == tenant_id, Assignment.status == "open", Assignment.report_at >= start,
            Assignment.report_at < end, Assignment.report_to_meeting_id.is_(None)).order_by(Assignment.id))
        added += sum(_link(session, a, meeting) for a in candidates if _fits(a, meeting))
    assignments = [assignment] if assignment is not None else []
    if paragraph is not None:
        assignments += session.scalars(select(Assignment).where(
            Assignment.tenant_id == tenant_id, Assignment.paragraph_id == paragraph.id).order_by(Assignment.id))
    for item in assignments:
        if item.report_at is None or item.report_to_meeting_id is not None or item.status != "open":
            continue
        start, end = _day_bounds(item.report_at, zone=zone)
        meetings = session.scalars(select(Meeting).where(
            Meeting.tenant_id == tenant_id, Meeting.state == "planerat", Meeting.starts_at >= start,
            Meeting.starts_at < end).order_by(Meeting.starts_at))
        target = next((m for m in meetings if _fits(item, m)), None)
        if target is not None:
            added += _link(session, item, target)
    if added:
        session.flush()
    return added
