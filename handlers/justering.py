"""Justering in chat: send the protocol to the justerare, record each one's answer, finish it.

The state machine lives on the meeting (genomfört → för_justering → justerat, back to genomfört
on a requested change) and on each ``Adjustment`` (väntar → justerad | ändring). Every post this
causes goes through the outbox in the same transaction, so a refused or failed command sends
nothing. Buttons carry the meeting date and the organ, so they work when clicked in a DM where
no channel tells which body is meant.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.errors import PermissionDenied, UserError
from handlers.justering_done import complete_justering
from handlers.mentions import mention_of, named
from handlers.protocol.chat import protocol_reply
from handlers.protocol.delivery import post_to_channels, post_to_person, secretaries
from handlers.protocol.model import build_protocol, meeting_paragraphs
from handlers.reply import Button, Fact, Reply
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


def with_justering_buttons(reply: Reply, *, meeting: Meeting, scope: Scope, zone) -> Reply:  # type: ignore[no-untyped-def]
    """The protocol as a justerare sees it while their answer is awaited: with Justera / Begär ändring.

    A justerare who looks the protocol up (instead of finding the request) must not be sent off to
    type a command: the same buttons as on the request come with it."""
    if meeting.state != "för_justering":
        return reply
    waiting = any(a.person_id is not None and a.person_id == scope.person.id and a.state == "väntar"
                  for a in meeting.adjustments)
    return replace(reply, buttons=reply.buttons + justering_buttons(meeting, zone=zone)) if waiting else reply


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
        notify = mention_of(person)
        mention = Reply(title=request.title, text=msg.PROTOCOL_READY_MENTION.format(
            name=named(person, name=adjustment.name), body=meeting.body.name, date=day), facts=card.facts,
            sections=card.sections, buttons=buttons, mentions=(notify,) if notify else ())
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


def justering_card(meeting: Meeting, *, zone) -> Reply:  # type: ignore[no-untyped-def]
    """The justering request card as it now stands: each justerare's answer and when, no buttons.

    It replaces the card whose Justera / Begär ändring was clicked, so nobody is left looking at
    live buttons for a round that has moved on (or ended)."""
    day = day_of(meeting, zone=zone)
    title = (msg.PROTOCOL_ALL_ADJUSTED if meeting.state == "justerat" else msg.PROTOCOL_READY_REQUEST).format(
        body=meeting.body.name, date=day)
    facts = []
    for adjustment in meeting.adjustments:
        when = adjustment.decided_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if adjustment.decided_at else ""
        if adjustment.state == "justerad":
            value = msg.PROTOCOL_CARD_ADJUSTED.format(when=when)
        elif adjustment.state == "ändring":
            value = msg.PROTOCOL_CARD_CHANGE.format(when=when, comment=adjustment.comment or "")
        else:
            value = msg.PROTOCOL_CARD_WAITING
        facts.append(Fact(adjustment.name, value))
    return Reply(title=title, facts=tuple(facts), tone="success" if meeting.state == "justerat" else "info")


def adjust(session: Session, *, scope: Scope, meeting: Meeting, now: datetime, zone) -> Reply:  # type: ignore[no-untyped-def]
    """``/protokoll justera`` (or the button): one justerare approves; the last one completes it."""
    day = day_of(meeting, zone=zone)
    if meeting.state == "justerat":
        own_adjustment(meeting, scope=scope, zone=zone)
        when = meeting.adjusted_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if meeting.adjusted_at else ""
        names = ", ".join(a.name for a in meeting.adjustments)
        return Reply(text=msg.PROTOCOL_ALREADY_ADJUSTED_DONE.format(date=day, when=when, names=names),
                     ephemeral=True, card_update=justering_card(meeting, zone=zone))
    _require_ready(meeting, zone=zone)
    adjustment = own_adjustment(meeting, scope=scope, zone=zone)
    if adjustment.state == "justerad":
        return Reply(text=msg.PROTOCOL_ALREADY_ADJUSTED_BY.format(date=day), ephemeral=True,
                     card_update=justering_card(meeting, zone=zone))
    adjustment.state, adjustment.decided_at = "justerad", now
    if adjustment.person_id is None:
        adjustment.person_id = scope.person.id
    audit.record(session, scope=scope, action="protocol.adjust", subject_type="meeting", subject_id=meeting.id,
                 details={"adjuster": adjustment.name, "at": now.isoformat()})
    waiting = [a.name for a in meeting.adjustments if a.state != "justerad"]
    if waiting:
        when = now.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        return Reply(text=msg.PROTOCOL_ADJUSTED_BY.format(date=day, when=when),
                     context=msg.PROTOCOL_WAITING_FOR.format(names=", ".join(waiting)), tone="success",
                     card_update=justering_card(meeting, zone=zone))
    done = complete_justering(session, scope=scope, meeting=meeting, now=now, zone=zone)
    return replace(done, card_update=justering_card(meeting, zone=zone))


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
    # The body's channel sees it too, the secretaries @mentioned: a DM may fail or go unread, and
    # the round is the body's business (its protocol goes back for correction).
    notified = tuple(m for m in (mention_of(person) for person in people) if m is not None)
    in_channel = notice
    if notified:
        in_channel = replace(notice, text=f"{', '.join(m.marker for m in notified)}: {notice.text}",
                             mentions=notified)
    routes = [post_to_person(session, tenant_id=scope.tenant.id, person=person, body=meeting.body, key=key,
                             reply=notice, fallback=in_channel, now=now, kind="justering_change",
                             subject_type="meeting", subject_id=meeting.id) for person in people]
    if not routes or "person" in routes:
        post_to_channels(session, tenant_id=scope.tenant.id, body=meeting.body, key=f"{key}:channel",
                         reply=in_channel, now=now, kind="justering_change", subject_type="meeting",
                         subject_id=meeting.id)
    audit.record(session, scope=scope, action="protocol.change_requested", subject_type="meeting",
                 subject_id=meeting.id, details={"adjuster": adjustment.name, "comment": comment.strip()})
    return Reply(text=msg.PROTOCOL_CHANGE_SENT, tone="success", card_update=justering_card(meeting, zone=zone))
