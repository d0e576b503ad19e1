"""The kallelse the sammankallande sends, and the ärende deadline it sets.

Seed 004: «Sammankallande ansvarar för att ta emot ärende till styrgrupp, sammanställa
dagordning för och skicka kallelse». The automatic kallelse (``schedules.planner``) stays the
default; when the sammankallande (or sekreterare) sends one by hand, the meeting records it
(``notice_sent_at``) so the automatic one is not sent as well, and the deadline for ärenden is
stored on the meeting (``agenda_closes_at``). From then on the agenda is theirs: a late ärende
from a member goes to the next meeting, and only a sammankallande's own entry (their yes)
puts it on the closed agenda.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.commands.meetings import target_meeting
from handlers.context import Services
from handlers.errors import UserError
from handlers.formatting import meeting_when
from handlers.parsing.dates import format_date_sv, parse_when
from handlers.parsing.fields import parse_fields
from handlers.protocol.delivery import post_to_channels
from handlers.reply import Fact, Reply, Section
from handlers.roles import MANAGERS, require_role, roles_of
from handlers.scope import Scope
from schedules.facts import load_policies, policy_for
from storage.models import Meeting
from storage.tenancy import scoped

_DEADLINE = re.compile(r"\b(?:ärenden|ärende|arenden)\s+senast\s+(?P<when>.+)$", re.IGNORECASE)


def send_kallelse(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """``/mote kallelse [DATUM] [ärenden senast DATUM]``: post the kallelse to the body's channels now."""
    if text.strip().lower() in ("formulär", "formular", "form"):
        from handlers.year_forms import kallelse_form

        return Reply(form=kallelse_form())
    fields = parse_fields(text, labels={"organ": "body"})
    head = fields.head
    deadline_day: date | None = None
    if match := _DEADLINE.search(head):
        when = parse_when(match["when"].strip(), reference=services.now().date())
        if when is None:
            raise UserError(msg.DATE_UNREADABLE.format(text=match["when"].strip()) + " " + msg.DATE_HINT,
                            usage=msg.USAGE_KALLELSE)
        deadline_day, head = when.day, head[:match.start()].strip()
    meeting = target_meeting(head or None, session=session, scope=scope, services=services,
                             body_name=fields.get("body"))
    require_role(session, scope=scope, body=meeting.body, roles=MANAGERS, action="skicka kallelse")
    if meeting.state != "planerat":
        raise UserError(msg.MEETING_NOT_PLANNED.format(when=meeting_when(meeting, zone=services.zone),
                                                       state=meeting.state.replace("_", " ")))
    now = services.now()
    closes = _closing_moment(meeting, deadline_day=deadline_day, session=session, scope=scope, services=services)
    if closes > meeting.starts_at:
        raise UserError(msg.KALLELSE_DEADLINE_AFTER_MEETING.format(when=meeting_when(meeting, zone=services.zone)),
                        usage=msg.USAGE_KALLELSE)
    meeting.agenda_closes_at = closes
    meeting.notice_sent_at = now
    kallelse = kallelse_reply(meeting, services=services)
    sent_to = post_to_channels(session, tenant_id=scope.tenant.id, body=meeting.body,
                               key=f"kallelse:{meeting.id}:{now.isoformat()}", reply=kallelse, now=now,
                               kind="notice", subject_type="meeting", subject_id=meeting.id)
    audit.record(session, scope=scope, action="meeting.kallelse", subject_type="meeting", subject_id=meeting.id,
                 details={"agenda_closes_at": closes.isoformat(), "channels": sent_to})
    one, several = msg.KALLELSE_CHANNELS
    channels = (one if sent_to == 1 else several.format(count=sent_to)) if sent_to else msg.KALLELSE_NO_CHANNEL
    return Reply(title=kallelse.title, facts=kallelse.facts, sections=kallelse.sections, tone="success",
                 context=msg.KALLELSE_SENT.format(channels=channels, who=scope.person.name,
                                                  deadline=_moment_text(closes, services=services)))


def kallelse_reply(meeting: Meeting, *, services: Services) -> Reply:
    """The kallelse as posted: when, where, the ärende deadline and the agenda as it stands."""
    facts = []
    if meeting.place:
        facts.append(Fact(msg.KALLELSE_PLACE, meeting.place))
    if meeting.agenda_closes_at is not None:
        facts.append(Fact(msg.KALLELSE_DEADLINE, _moment_text(meeting.agenda_closes_at, services=services)))
    lines = tuple(item.title + (f" ({item.case.dnr_written})" if item.case is not None else "")
                  + (f" – {item.kind}" if item.kind != "beslut" else "") for item in meeting.agenda)
    section = Section(heading=msg.NOTICE_AGENDA, lines=lines or (msg.NOTICE_AGENDA_EMPTY,), numbered=bool(lines))
    return Reply(title=msg.KALLELSE_TITLE.format(body=meeting.body.name, when=meeting_when(meeting, zone=services.zone)),
                 facts=tuple(facts), sections=(section,))


def _closing_moment(meeting: Meeting, *, deadline_day: date | None, session: Session, scope: Scope,
                    services: Services) -> datetime:
    """End of the deadline day; by default the body's usual closing day, or now when that has passed."""
    if deadline_day is not None:
        return datetime.combine(deadline_day + timedelta(days=1), time(0, 0), tzinfo=services.zone)
    policy = policy_for(policies=load_policies(session=session, tenant_id=scope.tenant.id), body_id=meeting.body_id)
    usual = meeting.starts_at.astimezone(services.zone).date() - timedelta(days=policy.agenda_close_days_before)
    return max(services.now(), datetime.combine(usual + timedelta(days=1), time(0, 0), tzinfo=services.zone))


def _moment_text(moment: datetime, *, services: Services) -> str:
    """A closing moment at midnight reads as the last day it covers («14 oktober 2025»)."""
    local = moment.astimezone(services.zone)
    if local.time() == time(0, 0):
        return format_date_sv(local.date() - timedelta(days=1))
    return f"{format_date_sv(local.date())} kl. {local:%H:%M}"


def admit_item(meeting: Meeting, *, session: Session, scope: Scope, services: Services) -> tuple[Meeting, str | None]:
    """Where a new ärende goes once a kallelse has closed the agenda, and what to tell its author.

    Before the deadline (or with no kallelse sent by hand) it stays on ``meeting``. After it, a
    sammankallande, sekreterare or ordförande adding it is the yes the agreement asks for; anyone
    else's ärende goes to the body's next planned meeting, or is refused when there is none.
    """
    closes = meeting.agenda_closes_at
    if closes is None or meeting.notice_sent_at is None or services.now() < closes:
        return meeting, None
    deadline = _moment_text(closes, services=services)
    if roles_of(session, scope=scope, body=meeting.body) & set(MANAGERS):
        return meeting, msg.AGENDA_LATE_ACCEPTED.format(deadline=deadline)
    following = session.scalars(scoped(select(Meeting), Meeting, tenant_id=scope.tenant.id).where(
        Meeting.body_id == meeting.body_id, Meeting.state == "planerat", Meeting.starts_at > meeting.starts_at)
        .order_by(Meeting.starts_at)).first()
    closed = meeting_when(meeting, zone=services.zone)
    if following is None:
        raise UserError(msg.AGENDA_LATE_REFUSED.format(closed=closed, deadline=deadline))
    return following, msg.AGENDA_LATE_MOVED.format(
        closed=closed, deadline=deadline, when=meeting_when(following, zone=services.zone), position="{position}",
        title="{title}", closed_day=meeting.starts_at.astimezone(services.zone).date().isoformat())
