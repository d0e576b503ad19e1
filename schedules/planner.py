"""What is due when: pure reminder planning.

A ``key`` names the subject, the rule and the *send date* (never a row id or "now"), so the
outbox upserts by key and re-planning after an edit changes only the keys of reminders that
moved. Planners return reminders with ``now - policy.missed_max_age <= send_at <= horizon``:
the slack lets a reminder missed during downtime still go out (catch-up); older ones belong in
the digest. Nothing reads a clock, so a preview "from DATE to DATE" is just a call.

Days and send times are read in ``zone``, the deployment's time zone (``Services.zone``): "08:00 on
the due day" means 08:00 where the organisation is, so the planning pass passes the configured zone
and only tests rely on the Europe/Stockholm default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from schedules.calendar import (
    DEFAULT_ZONE,
    appeal_last_day,
    at_local,
    local_date,
    shift_working_days,
    working_day_on_or_after,
    working_day_on_or_before,
)
from schedules.policy import ReminderPolicy

Kind = Literal["before_due", "due_today", "overdue", "escalation", "meeting_notice", "agenda_call", "digest",
               "appeal_end", "report_back"]
PLANNED_KINDS: tuple[str, ...] = get_args(Kind)  # every other outbox kind was written by a command
SubjectType = Literal["assignment", "meeting", "channel", "protocol"]
Audience = Literal["channel", "assignee", "escalation", "secretary"]
ASSIGNMENT_STATUSES = ("open", "done", "cancelled", "archived")  # archived: imported, deadline long past


@dataclass(frozen=True, kw_only=True)
class AssignmentFacts:
    """An uppdrag as the planner needs it; ``due_time`` for deadlines like "kl. 9"."""
    id: int
    body_id: int | None
    assignee: str | None
    task: str
    due: date | None
    due_time: time | None = None
    status: str = "open"
    paragraph_label: str | None = None
    report_at: datetime | None = None  # aware; återrapportering is reminded on its local day
    created_at: datetime | None = None  # aware; reminder points before it are never sent


@dataclass(frozen=True, kw_only=True)
class MeetingFacts:
    """A sammanträde; ``starts_at`` must be aware (its local date is the meeting day)."""
    id: int
    body_id: int | None
    starts_at: datetime
    title: str
    place: str | None = None
    cancelled: bool = False
    notice_sent: bool = False  # the sammankallande sent the kallelse by hand: no automatic one
    planned_on: date | None = None  # Stockholm day the meeting was planned (an extra meeting at short notice)


@dataclass(frozen=True, kw_only=True)
class PlannedReminder:
    """One message to post at ``send_at`` (aware, in the planning zone); ``key`` is its identity."""
    key: str
    kind: Kind
    send_at: datetime
    subject_type: SubjectType
    subject_id: int
    body_id: int | None
    audience: Audience


def _window(*, now: datetime, horizon: datetime, policy: ReminderPolicy) -> tuple[datetime, datetime]:
    local_date(moment=now), local_date(moment=horizon)  # rejects naive datetimes
    return now - policy.missed_max_age, horizon


def _reminder(
    *, subject_type: SubjectType, subject_id: int, body_id: int | None, rule: str, kind: Kind, day: date,
    at: time, audience: Audience, zone: ZoneInfo, label: str | None = None,
) -> PlannedReminder:
    """Build a reminder whose key is ``subject:id:rule:<send date or label>``."""
    return PlannedReminder(
        key=f"{subject_type}:{subject_id}:{rule}:{label or day.isoformat()}", kind=kind,
        send_at=at_local(day=day, at=at, zone=zone), subject_type=subject_type, subject_id=subject_id,
        body_id=body_id, audience=audience)


def _audience(a: AssignmentFacts) -> Audience:
    """Mention the assignee when known; an unassigned uppdrag is the whole channel's business."""
    return "assignee" if a.assignee else "channel"


def _keep(items: Iterable[PlannedReminder], *, start: datetime, end: datetime) -> list[PlannedReminder]:
    return sorted((r for r in items if start <= r.send_at <= end), key=lambda r: (r.send_at, r.key))


def plan_assignment(*, assignment: AssignmentFacts, policy: ReminderPolicy, now: datetime,
                    horizon: datetime, zone: ZoneInfo = DEFAULT_ZONE) -> list[PlannedReminder]:
    """Before-due reminders, then overdue nudges and escalation, for an open assignment."""
    if assignment.status not in ASSIGNMENT_STATUSES:
        raise ValueError(f"unknown assignment status {assignment.status!r}")
    start, end = _window(now=now, horizon=horizon, policy=policy)
    if assignment.status != "open":
        return []
    planned = _report_back(assignment, policy, zone)
    if assignment.due is not None:
        planned += [*_before_due(assignment, policy, zone), *_overdue(assignment, policy, start, end, zone)]
    born = assignment.created_at
    if born is not None and born <= end:
        # The catch-up slack is for reminders missed during downtime, not for reminder points that
        # had passed before the uppdrag existed: one given at 10:00, due in 14 days, must not be
        # "reminded" at once for 08:00 that morning. (A creation time past the horizon is a clock
        # the planner cannot compare with, e.g. rows written outside the bot: no rule then.)
        start = max(start, born)
    return _keep(planned, start=start, end=end)


def _report_back(a: AssignmentFacts, policy: ReminderPolicy, zone: ZoneInfo) -> list[PlannedReminder]:
    """On the morning of the återrapportering (the previous working day if that day is closed, or
    if the report is due at or before the send time — midnight means "a date without a time")."""
    if a.report_at is None:
        return []
    report_day = local_date(moment=a.report_at, zone=zone)
    day = working_day_on_or_before(day=report_day)
    clock = a.report_at.astimezone(zone).time()
    if day == report_day and time(0) < clock <= policy.send_time:
        day = working_day_on_or_before(day=report_day - timedelta(days=1))
    return [_reminder(subject_type="assignment", subject_id=a.id, body_id=a.body_id, rule="report",
                      kind="report_back", day=day, at=policy.send_time, audience=_audience(a), zone=zone)]


def _before_due(a: AssignmentFacts, policy: ReminderPolicy, zone: ZoneInfo) -> list[PlannedReminder]:
    # At most one per send day (due on a Saturday puts "0 days" and "1 day" both on Friday), and
    # the key holds the day, not the offset: moving the due date never re-sends today's reminder.
    due, out = a.due, []
    assert due is not None
    for day in sorted({working_day_on_or_before(day=due - timedelta(days=n)) for n in policy.before_days}):
        if day == due and a.due_time is not None and a.due_time <= policy.send_time:
            continue  # a same-day reminder after the deadline hour would only embarrass
        kind: Kind = "due_today" if day == due else "before_due"
        out.append(_reminder(subject_type="assignment", subject_id=a.id, body_id=a.body_id, rule="before",
                             kind=kind, day=day, at=policy.send_time, audience=_audience(a), zone=zone))
    return out


def _overdue(a: AssignmentFacts, policy: ReminderPolicy, start: datetime, end: datetime,
             zone: ZoneInfo) -> list[PlannedReminder]:
    """Next working day after the due date, then weekly, lazily up to ``end``; dates roll *forward*
    (a late nudge must not come early). Escalation needs a body: its ordförande/sekreterare."""
    assert a.due is not None
    first = working_day_on_or_after(day=a.due + timedelta(days=1))
    escalate = policy.escalate_after_weeks if a.body_id is not None else None
    # Skip whole weeks that ended before the window; a single (non-weekly) series is short anyway.
    week = max(0, (local_date(moment=start, zone=zone) - first).days // 7 - 1) if policy.overdue_weekly else 0
    out: list[PlannedReminder] = []
    while True:
        day = working_day_on_or_after(day=first + timedelta(weeks=week))
        if at_local(day=day, at=policy.send_time, zone=zone) > end:
            return out
        common = dict(subject_type="assignment", subject_id=a.id, body_id=a.body_id, day=day, at=policy.send_time,
                      zone=zone)
        if week == 0 or policy.overdue_weekly:
            out.append(_reminder(rule="overdue", kind="overdue", audience=_audience(a), **common))
        if escalate is not None and (week == escalate or (policy.overdue_weekly and week > escalate)):
            out.append(_reminder(rule="escalation", kind="escalation", audience="escalation", **common))
        if not policy.overdue_weekly and (escalate is None or week >= escalate):
            return out
        week += 1


def agenda_closes_on(*, meeting: MeetingFacts, policy: ReminderPolicy, zone: ZoneInfo = DEFAULT_ZONE) -> date:
    """Last calendar day to add agenda items; handlers use it to refuse late items."""
    return local_date(moment=meeting.starts_at, zone=zone) - timedelta(days=policy.agenda_close_days_before)


def plan_meeting(*, meeting: MeetingFacts, policy: ReminderPolicy, now: datetime,
                 horizon: datetime, zone: ZoneInfo = DEFAULT_ZONE) -> list[PlannedReminder]:
    """The kallelse (notice with agenda) and the call for agenda items before the agenda closes."""
    start, end = _window(now=now, horizon=horizon, policy=policy)
    if meeting.cancelled:
        return []
    meeting_day = local_date(moment=meeting.starts_at, zone=zone)
    notice_day = working_day_on_or_before(day=meeting_day - timedelta(days=policy.notice_days_before_meeting))
    call_day = working_day_on_or_before(day=shift_working_days(
        day=agenda_closes_on(meeting=meeting, policy=policy, zone=zone), count=-policy.agenda_reminder_working_days))
    due: list[tuple[Kind, date]] = [("agenda_call", call_day)]
    if meeting.planned_on is not None and notice_day < meeting.planned_on < meeting_day:
        # Called at short notice: the kallelse goes out the day the meeting is planned (the
        # catch-up slack posts it at the next sweep), and a call for items already past is dropped.
        notice_day, due = meeting.planned_on, [(k, d) for k, d in due if d >= meeting.planned_on]
    if meeting.notice_sent:  # the kallelse sent by hand named the deadline: no automatic notice or call
        due = []
    else:
        due.insert(0, ("meeting_notice", notice_day))
    out = [_reminder(subject_type="meeting", subject_id=meeting.id, body_id=meeting.body_id, rule=kind, kind=kind,
                     day=day, at=policy.send_time, audience="channel", zone=zone)
           for kind, day in due]
    return _keep([r for r in out if r.send_at < meeting.starts_at], start=start, end=end)


def plan_digests(*, channel_id: int, body_id: int | None, policy: ReminderPolicy, now: datetime,
                 horizon: datetime, zone: ZoneInfo = DEFAULT_ZONE) -> list[PlannedReminder]:
    """One digest per ISO week on ``digest_weekday``, rolled forward within the week: a holiday
    Monday (Annandag påsk) gives Tuesday, since "this week" sent the week before would be stale.
    The key names the ISO week, so a moved or re-timed digest stays the same outbox row."""
    start, end = _window(now=now, horizon=horizon, policy=policy)
    first = local_date(moment=start, zone=zone)
    monday = first - timedelta(days=first.weekday())
    out = []
    while True:
        nominal = monday + timedelta(days=policy.digest_weekday)
        day = working_day_on_or_after(day=nominal)
        if day - monday >= timedelta(weeks=1):  # e.g. a Friday digest on Långfredag: stay in the week
            day = working_day_on_or_before(day=nominal)
        if at_local(day=day, at=policy.digest_time, zone=zone) > end:
            return _keep(out, start=start, end=end)
        year, week, _ = monday.isocalendar()
        out.append(_reminder(subject_type="channel", subject_id=channel_id, body_id=body_id, rule="digest",
                             kind="digest", day=day, at=policy.digest_time, audience="channel", zone=zone,
                             label=f"{year}-W{week:02d}"))
        monday += timedelta(weeks=1)


def plan_appeal_end(*, protocol_id: int, body_id: int | None, posted_on: date, policy: ReminderPolicy,
                    now: datetime, horizon: datetime, zone: ZoneInfo = DEFAULT_ZONE) -> list[PlannedReminder]:
    """Tell the secretary on the first working day after the appeal period has run out.

    Not on the last day itself: an appeal may arrive until midnight, so only the next morning
    can the anslag be taken down and the decisions treated as final.
    """
    start, end = _window(now=now, horizon=horizon, policy=policy)
    day = working_day_on_or_after(day=appeal_last_day(posted_on=posted_on) + timedelta(days=1))
    reminder = _reminder(subject_type="protocol", subject_id=protocol_id, body_id=body_id, rule="appeal_end",
                         kind="appeal_end", day=day, at=policy.send_time, audience="secretary", zone=zone)
    return _keep([reminder], start=start, end=end)
