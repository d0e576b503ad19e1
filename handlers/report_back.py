"""Report-back (återrapportering): an assignment due back at a meeting lands on its agenda.

An assignment knows when it reports back (``report_at``) and often to whom ("utbildningsnämnden",
"styrgruppen"). Whichever comes second — the meeting or the assignment — makes the link: the
assignment gets ``report_to_meeting_id`` and the meeting an agenda item "Återrapportering: TASK
(§ 19, UTB 22/30)". The item remembers its assignment, so linking twice adds nothing.

A wrong report-back is corrected with ``/uppdrag återrapport`` (``relink_report_back`` moves the
item), and a deadline that falls after the report-back meeting is pointed out (``timing_warning``).
A written uppdrag to an arbetsgrupp (``handlers.group_assignments``) names the group and how it
reports in the item, and links the report once the group has handed it in.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.parsing.dates import format_moment_sv
from handlers.visibility import is_secret_assignment, masked_paragraph
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
    """"Återrapportering: TASK (§ 19, UTB 22/30)" — or only "§ 20 Sekretess" for a sekretess uppdrag.

    The agenda is read by the receiving body, often not the deciding one, and travels on to the
    kallelse, feeds and the anslagstavla: a sekretess task, title or dnr is never copied into it.
    """
    paragraph: Paragraph | None = assignment.paragraph
    if is_secret_assignment(assignment) and paragraph is not None:
        return f"Återrapportering: {masked_paragraph(paragraph)}"
    refs: list[str] = []
    if paragraph is not None:
        if paragraph.number is not None:
            refs.append(f"§ {paragraph.number}")
        if paragraph.case is not None:
            refs.append(paragraph.case.dnr_written)
    if assignment.assignee_body_id is not None:  # a written uppdrag to an arbetsgrupp: who, how, and the report
        refs.insert(0, ", ".join(p for p in (assignment.assignee_name, assignment.report_form) if p))
    link = f" – {msg.REPORT_LINK_LABEL}: {assignment.report_link}" if assignment.report_link else ""
    room = TITLE_LIMIT - len(link) - sum(len(r) + 2 for r in refs)
    task = assignment.task if len(assignment.task) <= room else assignment.task[: max(room - 1, 20)] + "…"
    title = f"Återrapportering: {task}" + (f" ({', '.join(refs)})" if refs else "") + link
    return title[:500]  # the column's width: a long group name never makes the agenda item unwritable


def _link(session: Session, assignment: Assignment, meeting: Meeting) -> bool:
    if assignment.report_to_meeting_id not in (None, meeting.id):
        return False
    assignment.report_to_meeting_id = meeting.id
    if any(item.source_assignment_id == assignment.id for item in meeting.agenda):
        return False
    secret = is_secret_assignment(assignment)
    case_id = assignment.paragraph.case_id if assignment.paragraph is not None and not secret else None
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


def report_moment(session: Session, assignment: Assignment, *, zone) -> tuple[datetime, bool] | None:  # type: ignore[no-untyped-def]
    """When the assignment reports back (its linked meeting, else ``report_at``) and whether the time is known."""
    meeting = session.get(Meeting, assignment.report_to_meeting_id) if assignment.report_to_meeting_id else None
    if meeting is not None:
        return meeting.starts_at.astimezone(zone), meeting.has_time
    if assignment.report_at is None:
        return None
    local = assignment.report_at.astimezone(zone)
    return local, local.time() != time(0)


def timing_warning(session: Session, *, assignment: Assignment, zone, deadline_moved: bool = False) -> str | None:  # type: ignore[no-untyped-def]
    """A warning when the deadline falls after the meeting the assignment reports back to.

    Such an uppdrag is kept, not refused: the protocol is what was decided, and a deluppföljning
    before the final deadline is common. But the person entering it must see the conflict at once,
    worded after what they just changed (the deadline, or the report-back).
    """
    moment = report_moment(session, assignment, zone=zone)
    if moment is None or assignment.due_on is None:
        return None
    report, report_has_time = moment
    if assignment.due_time is not None and report_has_time:
        late = datetime.combine(assignment.due_on, assignment.due_time, tzinfo=zone) > report
    else:
        late = assignment.due_on > report.date()
    if not late:
        return None
    due = format_moment_sv(assignment.due_on, assignment.due_time)
    meeting = format_moment_sv(report.date(), report.time() if report_has_time else None)
    template = msg.ASSIGNMENT_DUE_AFTER_REPORT if deadline_moved else msg.ASSIGNMENT_REPORT_BEFORE_DUE
    return template.format(id=assignment.id, due=due, report=meeting)


def unlink_report_back(session: Session, assignment: Assignment) -> None:
    """Take the assignment's report-back item off its meeting, if that meeting is still to come.

    On a held meeting the item is history (it was on that agenda) and stays where it was.
    """
    meeting = session.get(Meeting, assignment.report_to_meeting_id) if assignment.report_to_meeting_id else None
    assignment.report_to_meeting_id = None
    if meeting is None or meeting.state != "planerat":
        return
    for item in [i for i in meeting.agenda if i.source_assignment_id == assignment.id and i.kind == "återrapportering"]:
        meeting.agenda.remove(item)
    for position, item in enumerate(meeting.agenda, start=1):
        item.position = position


def relink_report_back(session: Session, *, assignment: Assignment, body: Body, report_at: datetime,
                       meeting: Meeting | None) -> bool:
    """Point the report-back at ``meeting`` (or at a day of ``body`` without a meeting yet).

    The old agenda item leaves a meeting still to come, so its kallelse no longer announces a
    report that will not be given there. Without a meeting the day and body are remembered, and
    the item is added when the meeting is created (``link_report_backs``). True when an item was added.
    """
    if meeting is not None and assignment.report_to_meeting_id == meeting.id:
        return False
    unlink_report_back(session, assignment)
    assignment.report_at = report_at
    assignment.report_to_body_id = body.id
    assignment.report_to_text = body.name
    added = _link(session, assignment, meeting) if meeting is not None else False
    session.flush()
    return added
