"""Justering in chat: send the protocol to the justerare, record each one's answer, finish it.

The state machine lives on the meeting (genomfört → för_justering → justerat, back to genomfört
on a requested change) and on each ``Adjustment`` (väntar → justerad | ändring). Every post this
causes goes through the outbox in the same transaction, so a refused or failed command sends
nothing. Buttons carry the meeting date and the organ, so they work when clicked in a DM where
no channel tells which body is meant.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.errors import PermissionDenied, UserError
from handlers.justering_done import complete_justering
from handlers.protocol.chat import protocol_reply
from handlers.protocol.delivery import post_to_channels, post_to_person, secretaries
from handlers.protocol.model import build_protocol, meeting_paragraphs
from handlers.reply import Button, Reply
from handlers.scope import Scope
from storage.models import Adjustment, Meeting, Person


def organ_ref(meeting: Meeting) -> str:
    """The organ as a command argument that survives being clicked anywhere."""
    return f'organ "{meeting.body.name}"'


def day_of(meeting: Meeting, *, zone) -> str:  # type: ignore[no-untyped-def]
    """"2022-03-30"."""
    return meeting.starts_at.astimezone(zone).date().isoformat()


def justering_buttons(meeting: Meeting, *, zone) -> tuple[Button, ...]:  # type: ignore[no-untyped-def]
    """"Justera" and "Begär ändring" (asks for a comment), both self-contained commands."""
    target = f"{day_of(meeting, zone=zone)} {organ_ref(meeting)}"
    return (Button(msg.PROTOCOL_BUTTON_ADJUST, f"protokoll justera {target}", style="primary"),
            Button(msg.PROTOCOL_BUTTON_CHANGE, f"protokoll ändring {target}", needs_input=msg.PROTOCOL_CHANGE_INPUT))


def mark_ready(session: Session, *, scope: Scope, meeting: Meeting, now: datetime, zone) -> Reply:  # type: ignore[no-untyped-def]
    """``/protokoll klart``: the protocol goes to every justerare, all answers start afresh."""
    day = day_of(meeting, zone=zone)
    if meeting.state == "justerat":
        raise UserError(msg.PROTOCOL_ALREADY_ADJUSTED.format(date=day))
    if not meeting.adjustments:
        raise UserError(msg.PROTOCOL_READY_NO_ADJUSTERS.format(date=day))
    if not meeting_paragraphs(session, meeting):
        raise UserError(msg.PROTOCOL_NO_PARAGRAPHS.format(date=day))
    meeting.state = "för_justering"
    view = build_protocol(session, meeting, zone=zone)
    card = protocol_reply(view, organ=meeting.body.short_name or meeting.body.name)
    buttons = justering_buttons(meeting, zone=zone)
    round_key = f"protocol:{meeting.id}:ready:{now:%Y%m%dT%H%M%S%f}"
    routes: list[str] = []
    for adjustment in meeting.adjustments:
        adjustment.state, adjustment.comment, adjustment.decided_at = "väntar", None, None
        person = session.get(Person, adjustment.person_id) if adjustment.person_id else None
        request = Reply(title=msg.PROTOCOL_READY_REQUEST.format(body=meeting.body.name, date=day),
                        facts=card.facts, sections=card.sections, buttons=buttons, context=card.context)
        mention = Reply(title=request.title, text=msg.PROTOCOL_READY_MENTION.format(
            name=adjustment.name, body=meeting.body.name, date=day), facts=card.facts, sections=card.sections,
            buttons=buttons)
        how = post_to_person(session, tenant_id=scope.tenant.id, person=person, body=meeting.body,
                             key=f"{round_key}:adj:{adjustment.id}", reply=request, fallback=mention, now=now,
                             kind="justering_request", subject_type="meeting", subject_id=meeting.id)
        routes.append(f"{adjustment.name} ({'direktmeddelande' if how == 'person' else 'i kanalen'})")
    audit.record(session, scope=scope, action="protocol.ready", subject_type="meeting", subject_id=meeting.id,
                 details={"adjusters": [a.name for a in meeting.adjustments]})
    return Reply(text=msg.PROTOCOL_READY_SENT.format(date=day, names=", ".join(routes)), tone="success")


def own_adjustment(meeting: Meeting, *, scope: Scope, zone) -> Adjustment:  # type: ignore[no-untyped-def]
    """The caller's justerare row; anyone else is refused with the names of the real justerare."""
    for adjustment in meeting.adjustments:
        if adjustment.person_id is not None and adjustment.person_id == scope.person.id:  # by id, never by name
            return adjustment
    names = ", ".join(a.name for a in meeting.adjustments) or "–"
    raise PermissionDenied(msg.PROTOCOL_NOT_ADJUSTER.format(date=day_of(meeting, zone=zone), names=names))


def _require_ready(meeting: Meeting, *, zone) -> None:  # type: ignore[no-untyped-def]
    day = day_of(meeting, zone=zone)
    if meeting.state == "justerat":
        raise UserError(msg.PROTOCOL_ALREADY_ADJUSTED.format(date=day))
    if meeting.state != "för_justering":
        raise UserError(msg.PROTOCOL_NOT_READY.format(date=day))


def adjust(session: Session, *, scope: Scope, meeting: Meeting, now: datetime, zone) -> Reply:  # type: ignore[no-untyped-def]
    """``/protokoll justera`` (or the button): one justerare approves; the last one completes it."""
    day = day_of(meeting, zone=zone)
    if meeting.state == "justerat":
        own_adjustment(meeting, scope=scope, zone=zone)
    _require_ready(meeting, zone=zone)
    adjustment = own_adjustment(meeting, scope=scope, zone=zone)
    if adjustment.state == "justerad":
        return Reply(text=msg.PROTOCOL_ALREADY_ADJUSTED_BY.format(date=day), ephemeral=True)
    adjustment.state, adjustment.decided_at = "justerad", now
    if adjustment.person_id is None:
        adjustment.person_id = scope.person.id
    audit.record(session, scope=scope, action="protocol.adjust", subject_type="meeting", subject_id=meeting.id,
                 details={"adjuster": adjustment.name, "at": now.isoformat()})
    waiting = [a.name for a in meeting.adjustments if a.state != "justerad"]
    if waiting:
        when = now.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        return Reply(text=msg.PROTOCOL_ADJUSTED_BY.format(date=day, when=when),
                     context=msg.PROTOCOL_WAITING_FOR.format(names=", ".join(waiting)), tone="success")
    return complete_justering(session, scope=scope, meeting=meeting, now=now, zone=zone)


def request_change(session: Session, *, scope: Scope, meeting: Meeting, comment: str, now: datetime,  # type: ignore[no-untyped-def]
                   zone) -> Reply:
    """``/protokoll ändring``: back to the secretary with the justerare's comment."""
    _require_ready(meeting, zone=zone)
    adjustment = own_adjustment(meeting, scope=scope, zone=zone)
    if not comment.strip():
        raise UserError(msg.PROTOCOL_CHANGE_MISSING, usage=msg.PROTOCOL_CHANGE_USAGE)
    adjustment.state, adjustment.comment, adjustment.decided_at = "ändring", comment.strip(), now
    meeting.state = "genomfört"
    day = day_of(meeting, zone=zone)
    notice = Reply(text=msg.PROTOCOL_CHANGE_NOTICE.format(name=adjustment.name, body=meeting.body.name, date=day,
                                                          comment=comment.strip()),
                   context=msg.PROTOCOL_CHANGE_HINT.format(date=day), tone="warning")
    key = f"protocol:{meeting.id}:change:{adjustment.id}:{now:%Y%m%dT%H%M%S%f}"
    people = secretaries(session, tenant_id=scope.tenant.id, body=meeting.body)
    for person in people:
        post_to_person(session, tenant_id=scope.tenant.id, person=person, body=meeting.body, key=key, reply=notice,
                       fallback=notice, now=now, kind="justering_change", subject_type="meeting",
                       subject_id=meeting.id)
    if not people:
        post_to_channels(session, tenant_id=scope.tenant.id, body=meeting.body, key=key, reply=notice, now=now,
                         kind="justering_change", subject_type="meeting", subject_id=meeting.id)
    audit.record(session, scope=scope, action="protocol.change_requested", subject_type="meeting",
                 subject_id=meeting.id, details={"adjuster": adjustment.name, "comment": comment.strip()})
    return Reply(text=msg.PROTOCOL_CHANGE_SENT, tone="success")
