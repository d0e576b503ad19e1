"""State → plan → outbox: the planning pass run before every sweep.

Nothing in the command handlers schedules reminders. This pass reads open assignments,
upcoming meetings, channel bindings and posted protocols, asks the pure planners what is due
up to ``horizon``, routes each reminder and upserts outbox rows; pending rows that vanished
from the plan are cancelled. To stay cheap it plans only assignments changed since the last
pass (plus meetings, digests and appeal ends, which are few), and everything once a day or
after downtime. The horizon (2 days) is longer than the full-pass period (20 h), so every
reminder is in the outbox long before it is due even if only daily passes ran.

``zone`` is the deployment's time zone (``Services.zone``, from ``SAMVERKAN_TIMEZONE``): the pass
plans "08:00 on the due day" in it, so the caller that owns the settings (``serve``'s scheduler,
``reminders dispatch``) must pass it; the Europe/Stockholm default is for tests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from schedules.calendar import DEFAULT_ZONE
from schedules.facts import (
    assignment_facts,
    load_assignments,
    load_meetings,
    load_policies,
    load_posted_protocols,
    meeting_facts,
    policy_for,
)
from schedules.outbox import OutboxEntry, Subject, Window, cancel_stale, upsert_entries
from schedules.planner import PlannedReminder, plan_appeal_end, plan_assignment, plan_digests, plan_meeting
from schedules.routing import Directory, load_directory, routes_for
from schedules.watermark import read_watermark, write_watermark
from storage.models import Body, Tenant

log = logging.getLogger("samverkan.reminders")

HORIZON = timedelta(days=2)
FULL_PASS_EVERY = timedelta(hours=20)
DOWNTIME = timedelta(minutes=10)  # a longer gap since the last pass means catch-up: plan everything
CATCH_UP_LIMIT = timedelta(days=14)  # never look further back than the largest missed_max_age
CHANGE_MARGIN = timedelta(minutes=5)  # commits that were in flight while the last pass read
_PLANNER_LOCK = 0x5A4D_7E11  # pg advisory lock: one planner at a time, sweeps run in parallel


@dataclass(kw_only=True)
class Plan:
    """A routed plan for one tenant, and which subjects it speaks for."""

    entries: list[OutboxEntry] = field(default_factory=list)
    windows: dict[Subject, Window] = field(default_factory=dict)
    unrouted: list[PlannedReminder] = field(default_factory=list)


@dataclass(kw_only=True)
class PassResult:
    """Counts of one pass, for logs and ``reminders dispatch``."""

    tenants: int = 0
    full: bool = False
    planned: int = 0
    written: int = 0
    cancelled: int = 0
    skipped: bool = False  # another process held the planner lock


def collect_plan(
    *, session: Session, tenant_id: int, now: datetime, horizon: datetime, changed_since: datetime | None,
    directory: Directory | None = None, zone: ZoneInfo = DEFAULT_ZONE,
) -> Plan:
    """Plan one tenant without writing anything (also what ``reminders preview`` shows)."""
    directory = directory or load_directory(session=session, tenant_id=tenant_id)
    policies = load_policies(session=session, tenant_id=tenant_id)
    bodies = {b.id: b.name for b in session.scalars(select(Body).where(Body.tenant_id == tenant_id))}
    plan = Plan()

    def add(subject: Subject, body_id: int | None, reminders: list[PlannedReminder]) -> None:
        policy = policy_for(policies=policies, body_id=body_id)
        plan.windows[subject] = Window(start=now - policy.missed_max_age, end=horizon)
        for reminder in reminders:
            routes = routes_for(reminder=reminder, directory=directory)
            plan.entries.extend(OutboxEntry(reminder=reminder, route=route) for route in routes)
            if not routes:
                plan.unrouted.append(reminder)

    for row in load_assignments(session=session, tenant_id=tenant_id, changed_since=changed_since):
        holder = row.assignee_person_id or directory.function_holders.get((row.assignee_name or "").strip().lower())
        if holder is not None:  # given to a person, or to a function: then whoever holds it now
            directory.assignee_person[row.id] = holder
        policy = policy_for(policies=policies, body_id=row.body_id)
        add(("assignment", row.id), row.body_id,
            plan_assignment(assignment=assignment_facts(row), policy=policy, now=now, horizon=horizon, zone=zone))
    for row in load_meetings(session=session, tenant_id=tenant_id, now=now, horizon=horizon):
        policy = policy_for(policies=policies, body_id=row.body_id)
        facts = meeting_facts(row, body_name=bodies.get(row.body_id, ""), zone=zone)
        add(("meeting", row.id), row.body_id, plan_meeting(meeting=facts, policy=policy, now=now, horizon=horizon,
                                                           zone=zone))
    for row in load_posted_protocols(session=session, tenant_id=tenant_id, now=now):
        policy = policy_for(policies=policies, body_id=row.body_id)
        assert row.posted_on is not None
        add(("protocol", row.id), row.body_id, plan_appeal_end(
            protocol_id=row.id, body_id=row.body_id, posted_on=row.posted_on, policy=policy, now=now, horizon=horizon,
            zone=zone))
    for binding_id in directory.channel_by_binding:
        body_id = directory.binding_body.get(binding_id)
        if body_id is None:
            continue  # a channel the bot merely sits in, bound to no body, has nothing to summarise
        policy = policy_for(policies=policies, body_id=body_id)
        add(("channel", binding_id), body_id, plan_digests(
            channel_id=binding_id, body_id=body_id, policy=policy, now=now, horizon=horizon, zone=zone))
    return plan


def run_planning_pass(*, sessions: sessionmaker[Session], now: datetime, force_full: bool = False,
                      zone: ZoneInfo = DEFAULT_ZONE) -> PassResult:
    """Plan every tenant and write the outbox; one transaction per tenant."""
    result = PassResult()
    with sessions() as session:
        tenant_ids = list(session.scalars(select(Tenant.id).order_by(Tenant.id)))
    for tenant_id in tenant_ids:
        with sessions() as session, session.begin():
            if session.get_bind().dialect.name == "postgresql" and not session.execute(
                    text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _PLANNER_LOCK + tenant_id}).scalar():
                result.skipped = True
                continue
            mark = read_watermark(session=session, tenant_id=tenant_id)
            full = (force_full or mark is None or now - mark.last_full_at >= FULL_PASS_EVERY
                    or now - mark.last_pass_at > DOWNTIME)
            # After downtime, plan from the last pass so that what was missed gets a row (and is
            # then posted or reported as missed by the sweep) instead of silently never existing.
            plan_now = max(min(now, mark.last_pass_at), now - CATCH_UP_LIMIT) if mark else now
            since = None if full or mark is None else mark.last_pass_at - CHANGE_MARGIN
            horizon = now + HORIZON
            plan = collect_plan(session=session, tenant_id=tenant_id, now=plan_now, horizon=horizon,
                                changed_since=since, zone=zone)
            for reminder in plan.unrouted:
                log.info("reminder %s has no destination (no bound channel)", reminder.key)
            result.written += upsert_entries(session=session, tenant_id=tenant_id, entries=plan.entries)
            result.cancelled += cancel_stale(session=session, tenant_id=tenant_id, keep={e.key for e in plan.entries},
                                             windows=plan.windows, horizon=horizon, everything=full)
            write_watermark(session=session, tenant_id=tenant_id, started_at=now, full=full)
            result.tenants += 1
            result.full = result.full or full
            result.planned += len(plan.entries)
    return result
