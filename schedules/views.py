"""What the sweep reads right before posting: current facts, liveness, addresses, digest content.

Rows were planned up to a pass ago; an assignment completed a minute before 08:00 must not be
reminded at 08:00, so the sweep checks every subject again (``alive``) and words the message
from the current row (a corrected task text shows up). Addresses are resolved here too, so a
refreshed Teams conversation reference is used without re-planning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handlers.mentions import mention_of
from handlers.task_words import without_stated_due
from schedules.assignees import assignee_people
from schedules.calendar import DEFAULT_ZONE, appeal_last_day
from schedules.combine import DigestContent, digest_content
from schedules.facts import assignment_facts, load_policies, meeting_facts, public_task
from schedules.planner import agenda_closes_on
from schedules.policy import ReminderPolicy
from schedules.render import AssignmentView, MeetingView, View
from storage.models import Assignment, Body, ChannelBinding, Meeting, OutboxMessage, Person, Tenant
from storage.tenancy import scoped


@dataclass(kw_only=True)
class SweepViews:
    """Views and liveness for the subjects of a set of claimed rows of one tenant."""

    tenant_external_id: str
    views: dict[tuple[str, int], View] = field(default_factory=dict)
    alive: set[tuple[str, int]] = field(default_factory=set)
    policies: dict[int, ReminderPolicy] = field(default_factory=dict)
    bodies: dict[int, str] = field(default_factory=dict)


def assignment_view(row: Assignment, *, person: Person | None = None) -> AssignmentView:
    """An uppdrag as a reminder words it; ``person`` is who it concerns (@mentioned when known)."""
    task = without_stated_due(public_task(row), due=row.due_on)  # the reminder says the date itself
    return AssignmentView(id=row.id, assignee=row.assignee_name, task=task, due=row.due_on,
                          due_time=row.due_time, report_to=row.report_to_text, report_at=row.report_at,
                          mention=mention_of(person))


def meeting_view(row: Meeting, *, body: str, policy: ReminderPolicy, zone: ZoneInfo = DEFAULT_ZONE) -> MeetingView:
    """A meeting as a kallelse, agenda call or appeal-end notice words it."""
    facts = meeting_facts(row, body_name=body, zone=zone)
    return MeetingView(
        id=row.id, body=body, starts_at=row.starts_at, has_time=row.has_time, place=row.place,
        agenda=tuple(item.title for item in row.agenda),
        agenda_closes=agenda_closes_on(meeting=facts, policy=policy, zone=zone),
        appeal_last_day=row.appeal_ends_on or (appeal_last_day(posted_on=row.posted_on) if row.posted_on else None))


def load_views(*, session: Session, tenant_id: int, rows: list[OutboxMessage], now: datetime,
               zone: ZoneInfo = DEFAULT_ZONE) -> SweepViews:
    """Current views of the rows' subjects; a subject not in ``alive`` must not be posted."""
    tenant = session.get(Tenant, tenant_id)
    out = SweepViews(tenant_external_id=tenant.external_id if tenant else "")
    out.policies = load_policies(session=session, tenant_id=tenant_id)
    out.bodies = {b.id: b.name for b in session.scalars(scoped(select(Body), Body, tenant_id=tenant_id))}
    wanted: dict[str, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.subject_type, set()).add(row.subject_id)
    if wanted.get("assignment"):
        assignments = list(session.scalars(select(Assignment).where(Assignment.id.in_(wanted["assignment"]),
                                                                    Assignment.tenant_id == tenant_id)))
        people = assignee_people(session=session, tenant_id=tenant_id, assignments=assignments)
        for a in assignments:
            out.views[("assignment", a.id)] = assignment_view(a, person=people.get(a.id))
            if a.status == "open":
                out.alive.add(("assignment", a.id))
    meeting_ids = wanted.get("meeting", set()) | wanted.get("protocol", set())
    if meeting_ids:
        query = select(Meeting).options(selectinload(Meeting.agenda)).where(
            Meeting.id.in_(meeting_ids), Meeting.tenant_id == tenant_id)
        for m in session.scalars(query):
            policy = out.policies.get(m.body_id, ReminderPolicy())
            view = meeting_view(m, body=out.bodies.get(m.body_id, ""), policy=policy, zone=zone)
            for subject_type in ("meeting", "protocol"):
                out.views[(subject_type, m.id)] = view
            if not meeting_facts(m, body_name="").cancelled and m.starts_at > now:
                out.alive.add(("meeting", m.id))
            if m.posted_on is not None:
                out.alive.add(("protocol", m.id))
    if wanted.get("channel"):
        bound = select(ChannelBinding.id).where(ChannelBinding.id.in_(wanted["channel"]),
                                                ChannelBinding.tenant_id == tenant_id)
        out.alive.update(("channel", binding_id) for binding_id in session.scalars(bound))
    return out


def reference_for(*, session: Session, route: str) -> tuple[str, dict | None]:  # type: ignore[type-arg]
    """("channel" | "person", stored platform reference) for a route key such as ``ch:12``."""
    kind, _, raw = route.partition(":")
    if kind == "dm":
        person = session.get(Person, int(raw))
        return "person", person.dm_reference if person else None
    binding = session.get(ChannelBinding, int(raw))
    return "channel", binding.conversation_reference if binding else None


def load_digest(
    *, session: Session, tenant_id: int, body_id: int | None, now: datetime, zone: ZoneInfo = DEFAULT_ZONE,
) -> DigestContent:
    """Open assignments and meetings of the body and of child bodies that have no channel of their own."""
    body_ids: set[int] = set()
    if body_id is not None:
        bound = set(session.scalars(select(ChannelBinding.body_id).where(ChannelBinding.tenant_id == tenant_id)))
        children = session.scalars(select(Body.id).where(Body.tenant_id == tenant_id, Body.parent_id == body_id))
        body_ids = {body_id} | {child for child in children if child not in bound}
    assignments = session.scalars(select(Assignment).where(
        Assignment.tenant_id == tenant_id, Assignment.body_id.in_(body_ids), Assignment.status == "open"))
    meetings = session.scalars(select(Meeting).where(
        Meeting.tenant_id == tenant_id, Meeting.body_id.in_(body_ids), Meeting.starts_at >= now))
    return digest_content(assignments=[assignment_facts(a) for a in assignments],
                          meetings=[meeting_facts(m, body_name="", zone=zone) for m in meetings], now=now, zone=zone)
