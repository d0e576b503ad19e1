"""The whole record of a tenant as plain values, and what one command changed in it.

A scenario test that drives the bot through the chat must check more than the reply: the reply
could say «✓» while a second row changed, or nothing was stored. ``snapshot`` reads every row a
secretary's command can touch (bodies, seats, channels, meetings and their justering, agenda
items, cases, paragraphs with their clauses, assignments, the audit trail) into named tuples with
readable keys («SG 2022-09-07» for a meeting, meeting and title for an agenda item — SQLite
hands a deleted row's id to the next one, so ids would blur a removal and an addition), and ``diff`` gives exactly the rows that differ.
A step then asserts the whole change: ``diff(before, after) == {"assignment": {4: …}, "audit": […]}``
— anything else that moved fails the test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.models import (
    AgendaItem,
    Assignment,
    AuditEvent,
    Body,
    Case,
    ChannelBinding,
    Meeting,
    Membership,
    Paragraph,
    Person,
)

ZONE = ZoneInfo("Europe/Stockholm")


def local(moment: datetime | None) -> str | None:
    """«2022-09-12 11:00» in Swedish time, as a secretary reads it."""
    return moment.astimezone(ZONE).strftime("%Y-%m-%d %H:%M") if moment is not None else None


class BodyRow(NamedTuple):
    name: str
    kind: str
    parent: str | None
    is_public: bool


class Seat(NamedTuple):
    body: str
    function: str | None
    holder: str | None
    role: str
    start_on: date | None
    end_on: date | None


class Meet(NamedTuple):
    body: str
    starts: str
    ends: str | None
    place: str | None
    state: str
    adjusted: str | None
    adjustment_place_time: str | None
    posted_on: date | None
    taken_down_on: date | None
    appeal_ends_on: date | None
    adjusters: tuple[tuple[str, str | None, str, str | None], ...]  # name, linked person, state, when


class Item(NamedTuple):
    position: int
    kind: str
    dnr: str | None
    presenter: str | None
    added_by: str | None
    assignment: int | None


class Para(NamedTuple):
    body: str
    year: int
    number: int | None
    meeting: str | None
    title: str
    dnr: str | None
    proposal: str | None
    intro: str | None
    clauses: tuple[str, ...]
    distribution: tuple[str, ...]
    documents: tuple[str, ...]
    confidential: bool
    locked: bool
    corrections: int


class Upp(NamedTuple):
    paragraph: str | None  # «SG § 1 2022»
    clause: int | None
    assignee: str | None
    task: str
    due: date | None
    due_time: time | None
    report_meeting: str | None
    report_at: str | None
    report_body: str | None
    report_to: str | None
    kind: str
    status: str
    done: bool


class Event(NamedTuple):
    action: str
    actor: str
    subject_type: str
    subject_id: int | None


@dataclass(frozen=True)
class Record:
    body: dict[str, BodyRow] = field(default_factory=dict)
    seat: dict[int, Seat] = field(default_factory=dict)
    channel: dict[str, str | None] = field(default_factory=dict)
    meeting: dict[str, Meet] = field(default_factory=dict)
    agenda: dict[tuple[str, str], Item] = field(default_factory=dict)  # (meeting, title) → item
    case: dict[str, str | None] = field(default_factory=dict)
    paragraph: dict[int, Para] = field(default_factory=dict)
    assignment: dict[int, Upp] = field(default_factory=dict)
    agenda_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    audit: tuple[Event, ...] = ()
    audit_rows: tuple[AuditEvent, ...] = ()


TABLES = ("body", "seat", "channel", "meeting", "agenda", "case", "paragraph", "assignment")


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.body.short_name} {meeting.starts_at.astimezone(ZONE).date().isoformat()}"


def paragraph_label(paragraph: Paragraph) -> str:
    return f"{paragraph.body.short_name} § {paragraph.number} {paragraph.year}"


def snapshot(services: Any) -> Record:
    """Every row of the record, read in one session."""
    with services.sessions() as session:
        people = {p.id: p.name for p in session.scalars(select(Person))}
        bodies = {b.id: b for b in session.scalars(select(Body))}
        meetings = {m.id: m for m in session.scalars(select(Meeting))}
        cases = {c.id: c for c in session.scalars(select(Case))}
        paragraphs = {p.id: p for p in session.scalars(select(Paragraph))}

        def short(body_id: int | None) -> str | None:
            return bodies[body_id].short_name if body_id is not None else None

        def dnr(case_id: int | None) -> str | None:
            return cases[case_id].dnr_written if case_id is not None else None

        audit_rows = tuple(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        items = list(session.scalars(select(AgendaItem)))
        return Record(
            body={b.short_name or b.name: BodyRow(b.name, b.kind, short(b.parent_id), b.is_public)
                  for b in bodies.values()},
            seat={m.id: Seat(short(m.body_id) or "", m.function, people.get(m.person_id) if m.person_id else None,
                             m.role, m.start_on, m.end_on) for m in session.scalars(select(Membership))},
            channel={c.channel_id: short(c.body_id) for c in session.scalars(select(ChannelBinding))},
            meeting={meeting_label(m): Meet(
                short(m.body_id) or "", local(m.starts_at) or "", local(m.ends_at), m.place, m.state,
                local(m.adjusted_at), m.adjustment_place_time, m.posted_on, m.taken_down_on, m.appeal_ends_on,
                tuple((a.name, people.get(a.person_id) if a.person_id else None, a.state, local(a.decided_at))
                      for a in m.adjustments)) for m in meetings.values()},
            agenda={(meeting_label(meetings[i.meeting_id]), i.title): Item(
                i.position, i.kind, dnr(i.case_id), i.presenter,
                people.get(i.added_by_person_id) if i.added_by_person_id else None, i.source_assignment_id)
                for i in items},
            agenda_ids={(meeting_label(meetings[i.meeting_id]), i.title): i.id for i in items},
            case={c.dnr_written: c.title for c in cases.values()},
            paragraph={p.id: Para(
                short(p.body_id) or "", p.year, p.number,
                meeting_label(meetings[p.meeting_id]) if p.meeting_id else None, p.title, dnr(p.case_id), p.proposal,
                p.decision_intro, tuple(c.text for c in p.clauses), tuple(p.distribution or ()),
                tuple(p.documents or ()), p.confidential, p.locked, len((p.extra or {}).get("corrections", ())))
                for p in paragraphs.values()},
            assignment={a.id: Upp(
                paragraph_label(paragraphs[a.paragraph_id]) if a.paragraph_id else None, a.clause_position,
                a.assignee_name, a.task, a.due_on, a.due_time,
                meeting_label(meetings[a.report_to_meeting_id]) if a.report_to_meeting_id else None,
                local(a.report_at), short(a.report_to_body_id), a.report_to_text, a.kind, a.status,
                a.done_at is not None) for a in session.scalars(select(Assignment))},
            audit=tuple(Event(e.action, e.actor_name, e.subject_type, e.subject_id) for e in audit_rows),
            audit_rows=audit_rows,
        )


def diff(before: Record, after: Record) -> dict[str, Any]:
    """The rows that differ, table by table (a removed row maps to None), and the new audit events."""
    changes: dict[str, Any] = {}
    for table in TABLES:
        old, new = getattr(before, table), getattr(after, table)
        changed = {key: new.get(key) for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
        if changed:
            changes[table] = changed
    assert after.audit[: len(before.audit)] == before.audit, "the audit trail is append-only"
    if len(after.audit) > len(before.audit):
        changes["audit"] = list(after.audit[len(before.audit):])
    return changes


def new_audit_details(before: Record, after: Record) -> list[dict[str, Any]]:
    """The ``details`` of the audit rows a step added, in order."""
    return [dict(row.details) for row in after.audit_rows[len(before.audit_rows):]]
