"""Read what the reminder planner and the sweep need from the database.

The planner is pure and knows no ORM; this module is the one place that turns rows into
``AssignmentFacts``/``MeetingFacts`` and body settings into ``ReminderPolicy`` objects, so the
planning pass, ``reminders preview`` and the sweep's last-moment check agree on every value.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from schedules.calendar import DEFAULT_ZONE, local_date
from schedules.planner import AssignmentFacts, MeetingFacts
from schedules.policy import ReminderPolicy
from storage.models import Assignment, Body, Meeting
from storage.tenancy import scoped

log = logging.getLogger("samverkan.reminders")

# Meetings further ahead than this have no notice or agenda call inside any planning horizon
# (notice_days_before_meeting and agenda_close_days_before are at most 90 days, plus 30 working days).
MEETING_LOOKAHEAD = timedelta(days=150)
# Protocols posted earlier than this have long passed their three-week appeal period.
APPEAL_LOOKBACK = timedelta(days=90)
OPEN_MEETING_STATES = ("planerat",)


def load_policies(*, session: Session, tenant_id: int) -> dict[int, ReminderPolicy]:
    """Policy per body: the parent's ``reminders`` override, then the body's own on top.

    A strategigrupp under a styrgrupp usually keeps its parent's rhythm, so inheriting saves
    secretaries from repeating settings. An invalid override is logged and the defaults used:
    a typo in settings must not stop reminders for every other body.
    """
    bodies = {b.id: b for b in session.scalars(scoped(select(Body), Body, tenant_id=tenant_id))}
    out: dict[int, ReminderPolicy] = {}
    for body in bodies.values():
        merged: dict[str, Any] = {}
        parent = bodies.get(body.parent_id) if body.parent_id else None
        for source in (parent, body):
            if source is not None and isinstance((source.settings or {}).get("reminders"), dict):
                merged.update(source.settings["reminders"])
        try:
            out[body.id] = ReminderPolicy.from_mapping(merged)
        except ValueError as error:
            log.warning("invalid reminder settings for body %s: %s", body.id, error)
            out[body.id] = ReminderPolicy()
    return out


def policy_for(*, policies: dict[int, ReminderPolicy], body_id: int | None) -> ReminderPolicy:
    """The body's policy, or the product default for rows without a body."""
    return policies.get(body_id, ReminderPolicy()) if body_id is not None else ReminderPolicy()


def public_task(row: Assignment) -> str:
    """The task as a channel may read it: the one visibility rule of ``handlers.visibility``."""
    from handlers.visibility import public_task as visible_task

    return visible_task(row)


def assignment_facts(row: Assignment) -> AssignmentFacts:
    """One assignment as the planner sees it (and as the digest lists it)."""
    return AssignmentFacts(
        id=row.id, body_id=row.body_id, assignee=row.assignee_name, task=public_task(row), due=row.due_on,
        due_time=row.due_time, status=row.status, report_at=row.report_at, created_at=row.created_at,
    )


def meeting_facts(row: Meeting, *, body_name: str, zone: ZoneInfo = DEFAULT_ZONE) -> MeetingFacts:
    """One meeting as the planner sees it; anything past 'planerat' gets no notice any more.
    ``zone`` is the deployment's: the day it was planned is a local day."""
    planned_on = local_date(moment=row.created_at, zone=zone) if row.created_at is not None else None
    return MeetingFacts(id=row.id, body_id=row.body_id, starts_at=row.starts_at, title=body_name,
                        place=row.place, cancelled=row.state not in OPEN_MEETING_STATES,
                        notice_sent=row.notice_sent_at is not None, planned_on=planned_on)


def load_assignments(
    *, session: Session, tenant_id: int, changed_since: datetime | None = None,
    ids: Iterable[int] | None = None,
) -> list[Assignment]:
    """Assignments to plan: all with a date (full pass), or those changed since a moment.

    Done and cancelled ones are included when they changed, so that their pending reminders
    are cancelled by the same pass that would have re-planned them.
    """
    query = scoped(select(Assignment), Assignment, tenant_id=tenant_id)
    if ids is not None:
        query = query.where(Assignment.id.in_(list(ids)))
    elif changed_since is not None:
        query = query.where(Assignment.updated_at >= changed_since)
    else:
        query = query.where(Assignment.status == "open")
    return list(session.scalars(query.order_by(Assignment.id)))


def load_meetings(*, session: Session, tenant_id: int, now: datetime, horizon: datetime) -> list[Meeting]:
    """Meetings whose notice or agenda call can fall in the window."""
    query = scoped(select(Meeting), Meeting, tenant_id=tenant_id).where(
        Meeting.starts_at >= now - timedelta(days=1), Meeting.starts_at <= horizon + MEETING_LOOKAHEAD)
    return list(session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))


def load_posted_protocols(*, session: Session, tenant_id: int, now: datetime) -> list[Meeting]:
    """Meetings whose protocol is justerat and posted (anslag) recently enough to matter."""
    query = scoped(select(Meeting), Meeting, tenant_id=tenant_id).where(
        Meeting.posted_on.is_not(None), Meeting.posted_on >= (now - APPEAL_LOOKBACK).date())
    return list(session.scalars(query.order_by(Meeting.id)))
