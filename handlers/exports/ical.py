"""A body's calendar as iCalendar (RFC 5545): meetings as events, assignments as to-do components.

Times are written in UTC so every client places them right without a VTIMEZONE block; a
meeting without a time is an all-day event and a deadline without a time a DATE-valued DUE.
Members subscribe to it from their calendar app (``/feeds/…/BODY.ics``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, Todo
from sqlalchemy.orm import Session

from handlers.exports.data import meetings_of, public_assignments
from storage.models import Assignment, Body, Meeting

PRODID = "-//Samverkan//Samverkan mötesbot//SV"


def _event(meeting: Meeting, *, body: Body, zone, now: datetime) -> Event:  # type: ignore[no-untyped-def]
    event = Event()
    event.add("uid", f"meeting-{meeting.tenant_id}-{meeting.id}@samverkan")
    event.add("dtstamp", now.astimezone(UTC))
    if meeting.has_time:
        event.add("dtstart", meeting.starts_at.astimezone(UTC))
        event.add("dtend", (meeting.ends_at or meeting.starts_at + timedelta(hours=1)).astimezone(UTC))
    else:
        day = meeting.starts_at.astimezone(zone).date()
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    event.add("summary", f"{body.name} – sammanträde")
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.agenda:
        event.add("description", "Dagordning:\n" + "\n".join(f"{i.position}. {i.title}" for i in meeting.agenda))
    event.add("status", "CONFIRMED")
    return event


def _todo(assignment: Assignment, *, zone, now: datetime, paper_url) -> Todo:  # type: ignore[no-untyped-def]
    todo = Todo()
    todo.add("uid", f"assignment-{assignment.tenant_id}-{assignment.id}@samverkan")
    todo.add("dtstamp", now.astimezone(UTC))
    todo.add("summary", f"{assignment.assignee_name or '–'}: {assignment.task}")
    if assignment.due_on:
        if assignment.due_time:
            todo.add("due", datetime.combine(assignment.due_on, assignment.due_time, tzinfo=zone).astimezone(UTC))
        else:
            todo.add("due", assignment.due_on)
    done = assignment.status == "done"
    todo.add("status", "COMPLETED" if done else "NEEDS-ACTION")
    if done and assignment.done_at:
        todo.add("completed", assignment.done_at.astimezone(UTC))
    lines = []
    paragraph = assignment.paragraph
    if paragraph is not None:
        ref = f"§ {paragraph.number} {paragraph.title}" + (f" ({paragraph.case.dnr_written})" if paragraph.case else "")
        lines.append(f"Beslut: {ref}, {paragraph.body.name} {paragraph.year}")
        if paper_url:
            todo.add("url", paper_url(paragraph.id))
    if assignment.report_to_text:
        lines.append(f"Återrapport till: {assignment.report_to_text}")
    if lines:
        todo.add("description", "\n".join(lines))
    return todo


def body_calendar(session: Session, *, body: Body, zone, now: datetime, paper_url=None) -> bytes:  # type: ignore[no-untyped-def]
    """The whole calendar of one body; ``paper_url(paragraph_id)`` links each to-do to its §."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", body.name)
    for meeting in meetings_of(session, body=body):
        calendar.add_component(_event(meeting, body=body, zone=zone, now=now))
    for assignment in public_assignments(session, body=body):
        calendar.add_component(_todo(assignment, zone=zone, now=now, paper_url=paper_url))
    return calendar.to_ical()
