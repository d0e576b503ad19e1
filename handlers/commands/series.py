"""``/mote serie|flytta|ställ in|extra``: plan a läsår of meetings and change it as the year goes.

Nothing here schedules a reminder: the planning pass derives each kallelse and agenda call from
the meeting rows (``schedules.facts.meeting_facts``), so moving a meeting re-plans its notices,
a cancelled one (state ``inställt``) gets none, and an extra one at short notice gets its
kallelse the day it is planned. A moved meeting forgets a kallelse sent by hand: the old one
named the wrong day.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.agreement_year import add_follow_ups, agreement_for, schedule_end_reminder
from handlers.commands.meetings import target_meeting
from handlers.context import Services
from handlers.errors import UserError
from handlers.formatting import meeting_when
from handlers.lookups import body_for, meeting_on
from handlers.parsing.dates import format_date_sv, parse_when
from handlers.parsing.fields import parse_fields
from handlers.reply import Reply, Section
from handlers.report_back import link_report_backs
from handlers.roles import MANAGERS, require_role
from handlers.scope import Scope
from handlers.series_rule import next_working_day, read_clock, read_series
from schedules.facts import load_policies, policy_for
from storage.models import Body, Meeting
from storage.tenancy import scoped

LABELS = {"plats": "place", "organ": "body", "antal": "count"}
_AMOUNT = re.compile(r"(?P<n>\d+|en|ett|två|tre|fyra)\s+(?P<unit>dag|dagar|vecka|veckor)\b", re.IGNORECASE)
_WORDS = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4}


def plan_series(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Create the meetings of a läsår from a rule or a list of dates, one ``series_id`` for all."""
    if not text.strip():
        from handlers.year_forms import series_form

        return Reply(form=series_form())
    if text.strip().lower().startswith(("flytta", "skjut")):
        return shift_series(text.strip().partition(" ")[2], session=session, scope=scope, services=services)
    fields = parse_fields(text, labels=LABELS)
    body = body_for(session, scope=scope, name=fields.get("body"))
    require_role(session, scope=scope, body=body, roles=MANAGERS, action="planera möten")
    count_text = (fields.get("count") or "").strip()
    if count_text and not (count_text.isdigit() and 0 < int(count_text) <= 60):
        raise UserError(msg.SERIES_BAD_COUNT.format(text=count_text), usage=msg.USAGE_SERIES)
    count = int(count_text) if count_text else None
    today = services.now().astimezone(services.zone).date()
    plan = read_series(fields.head, today=today, count=count)
    series_id = uuid.uuid4().hex[:12]
    lines: list[str] = []
    notes: list[str] = []
    created: list[Meeting] = []
    for planned in plan.days:
        if meeting_on(session, scope=scope, body=body, day=planned.day, zone=services.zone) is not None:
            notes.append(msg.SERIES_EXISTS_NOTE.format(when=format_date_sv(planned.day)))
            continue
        meeting = _new_meeting(body=body, scope=scope, services=services, day=planned.day, start=plan.start,
                               end=plan.end, place=fields.get("place"), series_id=series_id)
        session.add(meeting)
        created.append(meeting)
        if planned.moved_from is not None:
            notes.append(msg.SERIES_MOVED_NOTE.format(when=format_date_sv(planned.day),
                                                      original=format_date_sv(planned.moved_from),
                                                      reason=planned.reason))
    session.flush()
    for meeting in created:
        link_report_backs(session, tenant_id=scope.tenant.id, meeting=meeting, zone=services.zone)
        lines.append(meeting_when(meeting, zone=services.zone) + (f", {meeting.place}" if meeting.place else ""))
    notes += _agreement_notes(body, created=created, session=session, scope=scope, services=services)
    audit.record(session, scope=scope, action="meeting.series", subject_type="body", subject_id=body.id,
                 details={"series": series_id, "meetings": [m.id for m in created]})
    sections = [Section(lines=tuple(lines), numbered=True)]
    if notes:
        sections.append(Section(lines=tuple(notes)))
    return Reply(title=msg.SERIES_CREATED_TITLE.format(body=body.name, count=len(created)), sections=tuple(sections),
                 context=msg.SERIES_NOTICE_HINT, tone="success")


def _agreement_notes(body: Body, *, created: list[Meeting], session: Session, scope: Scope,
                     services: Services) -> list[str]:
    """What the body's samverkansavtal adds to a planned year: its count, follow-up and end reminder."""
    agreement = agreement_for(session, tenant_id=scope.tenant.id, body=body)
    expected = (agreement.meetings_per_year if agreement else None) or (body.settings or {}).get("meetings_per_year")
    notes = []
    if expected and created and expected != len(created):
        notes.append(msg.SERIES_AGREEMENT_NOTE.format(expected=expected, count=len(created)))
    if agreement is None:
        return notes
    followed = add_follow_ups(session, tenant_id=scope.tenant.id, body=body, agreement=agreement,
                              zone=services.zone)
    if followed:
        days = ", ".join(format_date_sv(m.starts_at.astimezone(services.zone).date()) for m in followed)
        notes.append(msg.AGREEMENT_FOLLOW_UP_NOTE.format(days=days))
    reminder = schedule_end_reminder(session, tenant_id=scope.tenant.id, body=body, agreement=agreement,
                                     today=services.now().astimezone(services.zone).date(), zone=services.zone)
    if reminder is not None:
        notes.append(msg.AGREEMENT_END_NOTE.format(day=format_date_sv(reminder)))
    return notes


def _new_meeting(*, body: Body, scope: Scope, services: Services, day, start: time | None,  # type: ignore[no-untyped-def]
                 end: time | None, place: str | None, series_id: str | None) -> Meeting:
    starts = datetime.combine(day, start or time(0, 0), tzinfo=services.zone)
    ends = datetime.combine(day, end, tzinfo=services.zone) if end else None
    return Meeting(tenant_id=scope.tenant.id, body_id=body.id, starts_at=starts, ends_at=ends,
                   has_time=start is not None, place=place, state="planerat", series_id=series_id,
                   created_at=services.now())


def shift_series(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Move every coming meeting of the body's latest series by the same number of days."""
    fields = parse_fields(text, labels={"organ": "body"})
    body = body_for(session, scope=scope, name=fields.get("body"))
    require_role(session, scope=scope, body=body, roles=MANAGERS, action="flytta möten")
    match = _AMOUNT.search(fields.head)
    if match is None:
        raise UserError(msg.SERIES_SHIFT_NEED, usage=msg.USAGE_SERIES_SHIFT)
    n = int(match["n"]) if match["n"].isdigit() else _WORDS[match["n"].lower()]
    days = n * (7 if match["unit"].lower().startswith("veck") else 1)
    backwards = "bakåt" in fields.head.lower() or "tidigare" in fields.head.lower()
    delta = timedelta(days=-days if backwards else days)
    base = scoped(select(Meeting), Meeting, tenant_id=scope.tenant.id).where(
        Meeting.body_id == body.id, Meeting.series_id.is_not(None))
    latest = session.scalars(base.order_by(Meeting.created_at.desc(), Meeting.id.desc())).first()
    now = services.now()
    if latest is None:
        raise UserError(msg.SERIES_NONE.format(body=body.name))
    meetings = session.scalars(base.where(Meeting.series_id == latest.series_id, Meeting.state == "planerat",
                                          Meeting.starts_at >= now).order_by(Meeting.starts_at)).all()
    lines = []
    for meeting in meetings:
        local = meeting.starts_at.astimezone(services.zone)
        planned = next_working_day(local.date() + delta)
        shift = planned.day - local.date()
        meeting.starts_at = meeting.starts_at + shift
        meeting.ends_at = meeting.ends_at + shift if meeting.ends_at else None
        meeting.notice_sent_at = None
        line = meeting_when(meeting, zone=services.zone)
        if planned.moved_from is not None:
            line += f" ({planned.reason})"
        lines.append(line)
    audit.record(session, scope=scope, action="meeting.series_shift", subject_type="body", subject_id=body.id,
                 details={"series": latest.series_id, "days": delta.days})
    amount = f"{'-' if backwards else '+'}{match.group(0)}"
    return Reply(title=msg.SERIES_SHIFTED_TITLE.format(amount=amount, body=body.name),
                 sections=(Section(lines=tuple(lines), numbered=True),), context=msg.SERIES_NOTICE_HINT,
                 tone="success")


def move_meeting(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """``/mote flytta DATUM till DATUM [kl. …] [plats …]``: one meeting to another day."""
    fields = parse_fields(text, labels={"plats": "place", "organ": "body"})
    old_text, sep, new_text = fields.head.partition(" till ")
    if not sep or not old_text.strip() or not new_text.strip():
        raise UserError(msg.MEETING_MOVE_NEED, usage=msg.USAGE_MEETING_MOVE)
    meeting = target_meeting(old_text.strip(), session=session, scope=scope, services=services,
                             body_name=fields.get("body"))
    require_role(session, scope=scope, body=meeting.body, roles=MANAGERS, action="flytta möten")
    _require_planned(meeting, services=services)
    when = parse_when(new_text.strip(), reference=services.now().date())
    if when is None:
        raise UserError(msg.DATE_UNREADABLE.format(text=new_text.strip()) + " " + msg.DATE_HINT,
                        usage=msg.USAGE_MEETING_MOVE)
    old = meeting_when(meeting, zone=services.zone)
    start, end = read_clock(new_text)
    local = meeting.starts_at.astimezone(services.zone)
    clock = start or (local.time() if meeting.has_time else time(0, 0))
    length = (meeting.ends_at - meeting.starts_at) if meeting.ends_at else None
    meeting.starts_at = datetime.combine(when.day, clock, tzinfo=services.zone)
    meeting.has_time = meeting.has_time or start is not None
    if end is not None:
        meeting.ends_at = datetime.combine(when.day, end, tzinfo=services.zone)
    elif length is not None:
        meeting.ends_at = meeting.starts_at + length
    if fields.get("place"):
        meeting.place = fields.get("place")
    meeting.notice_sent_at = None
    audit.record(session, scope=scope, action="meeting.move", subject_type="meeting", subject_id=meeting.id,
                 details={"from": local.isoformat(), "to": meeting.starts_at.isoformat()})
    planned = next_working_day(when.day)
    warning = msg.MEETING_HOLIDAY_WARNING.format(day=format_date_sv(when.day), reason=planned.reason) \
        if planned.moved_from is not None else None
    place = f", {meeting.place}" if meeting.place else ""
    return Reply(text=msg.MEETING_MOVED.format(old=old, new=meeting_when(meeting, zone=services.zone), place=place),
                 context=warning, tone="success")


def cancel_meeting(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """``/mote ställ in DATUM [eftersom …]``: no kallelse, and the agenda moves to the next meeting."""
    fields = parse_fields(text, labels={"organ": "body"})
    head = re.split(r"\s*\b(?:eftersom|pga\.?|på grund av)\b", fields.head, maxsplit=1, flags=re.IGNORECASE)[0]
    match = re.search(r"\b(?:eftersom|pga\.?|på grund av)\s+(?P<why>.+)$", fields.head, re.IGNORECASE)
    reason = match["why"].strip() if match else None
    meeting = target_meeting(head.strip() or None, session=session, scope=scope, services=services,
                             body_name=fields.get("body"))
    require_role(session, scope=scope, body=meeting.body, roles=MANAGERS, action="ställa in möten")
    _require_planned(meeting, services=services)
    meeting.state = "inställt"
    when = meeting_when(meeting, zone=services.zone)
    following = session.scalars(scoped(select(Meeting), Meeting, tenant_id=scope.tenant.id).where(
        Meeting.body_id == meeting.body_id, Meeting.state == "planerat", Meeting.starts_at > meeting.starts_at,
        Meeting.id != meeting.id).order_by(Meeting.starts_at)).first()
    notes = []
    items = list(meeting.agenda)
    if items and following is not None:
        for item in items:
            item.position = len(following.agenda) + 1
            item.meeting = following  # re-parented, not orphaned: the row and its history stay
        one, several = msg.MEETING_CANCELLED_AGENDA
        notes.append((one if len(items) == 1 else several).format(count=len(items),
                                                                 when=meeting_when(following, zone=services.zone)))
    elif items:
        notes.append(msg.MEETING_CANCELLED_AGENDA_KEPT)
    audit.record(session, scope=scope, action="meeting.cancel", subject_type="meeting", subject_id=meeting.id,
                 details={"reason": reason, "agenda_to": following.id if following and items else None})
    return Reply(text=msg.MEETING_CANCELLED.format(when=when, reason=f" ({reason})" if reason else ""),
                 context=" ".join(notes) or None, tone="success")


def extra_meeting(text: str, *, create: Callable[..., Reply], session: Session, scope: Scope,
                  services: Services) -> Reply:
    """``/mote extra``: ``/mote ny`` that says when a meeting called at short notice gets its kallelse.

    Seed 004: «vem som ingår i styrgruppen kan kalla samman till extra möte». The planner sends
    the kallelse of a meeting planned inside the notice period on the day it was planned, which
    it reads from ``created_at``, so that is set from the bot's clock.
    """
    reply = create(text, session=session, scope=scope, services=services)
    meeting = session.scalars(scoped(select(Meeting), Meeting, tenant_id=scope.tenant.id)
                              .order_by(Meeting.id.desc())).first()
    if meeting is None:
        return reply
    meeting.created_at = services.now()
    policy = policy_for(policies=load_policies(session=session, tenant_id=scope.tenant.id), body_id=meeting.body_id)
    days = policy.notice_days_before_meeting
    left = (meeting.starts_at.astimezone(services.zone).date() - services.now().astimezone(services.zone).date()).days
    note = msg.MEETING_EXTRA_NOTE.format(days=days) if 0 < left < days else None
    return replace(reply, context=". ".join(part for part in (reply.context, note) if part) or None)


def _require_planned(meeting: Meeting, *, services: Services) -> None:
    if meeting.state != "planerat":
        state = msg.MEETING_CANCELLED_TAG if meeting.state == "inställt" else meeting.state.replace("_", " ")
        raise UserError(msg.MEETING_NOT_PLANNED.format(when=meeting_when(meeting, zone=services.zone), state=state))
