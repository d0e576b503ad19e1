"""Everything the bot holds about one person, as one JSON document (GDPR art. 15, registerutdrag).

Rows that point at the person by id and rows that carry their name as text (attendance lists,
justerare, assignees, audit trail, meeting chairs) are both included: a name typed before the
person was linked is still their personal data.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from handlers.privacy.people import Subject
from storage.models import (
    Adjustment,
    AgendaItem,
    Assignment,
    Attendance,
    AuditEvent,
    Body,
    Meeting,
    Membership,
    OutboxMessage,
)

FORMAT = "samverkan-registerutdrag/1"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _row(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def person_export(session: Session, *, subject: Subject, now: datetime) -> dict[str, Any]:
    """The export document; ``now`` is stamped in it so the person knows when it was made."""
    person, tenant = subject.person, subject.tenant
    tid, name = tenant.id, person.name.lower()
    bodies = dict(session.execute(select(Body.id, Body.name).where(Body.tenant_id == tid)).all())

    def named(column: Any, id_column: Any) -> Any:
        return or_(id_column == person.id, func.lower(column) == name)

    memberships = session.scalars(select(Membership).where(Membership.tenant_id == tid,
                                                           Membership.person_id == person.id).order_by(Membership.id))
    attendance = session.scalars(select(Attendance).where(
        Attendance.tenant_id == tid, named(Attendance.name, Attendance.person_id)).order_by(Attendance.id))
    adjustments = session.scalars(select(Adjustment).where(
        Adjustment.tenant_id == tid, named(Adjustment.name, Adjustment.person_id)).order_by(Adjustment.id))
    assignments = session.scalars(select(Assignment).where(Assignment.tenant_id == tid, or_(
        named(Assignment.assignee_name, Assignment.assignee_person_id),
        Assignment.created_by_person_id == person.id)).order_by(Assignment.id))
    agenda = session.scalars(select(AgendaItem).where(AgendaItem.tenant_id == tid, or_(
        AgendaItem.added_by_person_id == person.id, func.lower(AgendaItem.presenter) == name)).order_by(AgendaItem.id))
    chaired = session.scalars(select(Meeting).where(Meeting.tenant_id == tid, or_(
        func.lower(Meeting.chair_name) == name, func.lower(Meeting.secretary_name) == name)).order_by(Meeting.id))
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.tenant_id == tid, named(AuditEvent.actor_name, AuditEvent.actor_person_id)).order_by(AuditEvent.id))
    messages = session.scalars(select(OutboxMessage).where(
        OutboxMessage.tenant_id == tid, OutboxMessage.audience == "person",
        OutboxMessage.destination == person.platform_user_id).order_by(OutboxMessage.id)) \
        if person.platform_user_id else []
    return {
        "format": FORMAT,
        "skapad": now.isoformat(),
        "organisation": {"plattform": tenant.platform, "id": tenant.external_id, "namn": tenant.name},
        "person": _row(person, ("id", "name", "platform_user_id", "platform_alt_id", "email", "dm_reference")),
        "medlemskap": [{**_row(m, ("id", "role", "function", "party", "organisation", "start_on", "end_on")),
                        "organ": bodies.get(m.body_id)} for m in memberships],
        "närvaro": [_row(a, ("id", "meeting_id", "name", "kind", "role", "party", "organisation")) for a in attendance],
        "justeringar": [_row(a, ("id", "meeting_id", "name", "state", "comment", "decided_at")) for a in adjustments],
        "uppdrag": [{**_row(a, ("id", "paragraph_id", "assignee_name", "task", "due_on", "status", "done_at",
                                "report_to_text")), "organ": bodies.get(a.body_id),
                     "gav_uppdraget": a.created_by_person_id == person.id} for a in assignments],
        "dagordningspunkter": [_row(a, ("id", "meeting_id", "title", "presenter")) for a in agenda],
        "möten_som_ordförande_eller_sekreterare": [
            _row(m, ("id", "starts_at", "chair_name", "secretary_name")) | {"organ": bodies.get(m.body_id)}
            for m in chaired],
        "händelser": [_row(e, ("id", "created_at", "actor_name", "action", "subject_type", "subject_id", "details"))
                      for e in events],
        "meddelanden_till_personen": [_row(o, ("id", "kind", "send_at", "state", "sent_at")) for o in messages],
    }
