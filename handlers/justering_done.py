"""The moment the last justerare has approved: lock, announce, send extracts, record anslag.

From here the protocol is a public record. Its §§ are locked (changes only through the audited
``/beslut rätta``), the place and time of justering is written as the seeds write it ("Digital
justering 2022-04-04 13:00"), the names that sign are frozen on the meeting, and the anslag
dates are set so the reminder planner can tell the secretary when the appeal period has run out —
for a body that posts anslag at all (``handlers.anslag.posts_anslag``): a styrgrupp's minutes are
only justerade, and the bot says no more than that.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.anslag import record_anslag
from handlers.protocol.chat import extract_reply
from handlers.protocol.delivery import post_to_channels
from handlers.protocol.layout import anslag_rows
from handlers.protocol.model import build_extract, build_protocol, meeting_paragraphs
from handlers.protocol.people import chair_of, secretary_of
from handlers.reply import Fact, Reply
from handlers.scope import Scope
from storage.models import Meeting


def complete_justering(session: Session, *, scope: Scope, meeting: Meeting, now: datetime, zone) -> Reply:  # type: ignore[no-untyped-def]
    """Finish the justering of ``meeting`` at ``now`` and tell everyone who needs to know."""
    local = now.astimezone(zone)
    meeting.chair_name = meeting.chair_name or chair_of(session, meeting)
    meeting.secretary_name = meeting.secretary_name or secretary_of(session, meeting)
    meeting.storage_place = meeting.storage_place or meeting.body.storage_place
    meeting.state = "justerat"
    meeting.adjusted_at = now
    meeting.adjustment_place_time = f"Digital justering {local:%Y-%m-%d %H:%M}"
    paragraphs = meeting_paragraphs(session, meeting)
    for paragraph in paragraphs:
        paragraph.locked = True
    dates = record_anslag(meeting, adjusted_on=local.date())  # None: the body posts no anslag
    session.flush()
    view = build_protocol(session, meeting, zone=zone)
    day = view.day.isoformat()
    facts = tuple(Fact(label, value) for label, value in anslag_rows(view)[2:5]) if dates else ()
    statement = msg.PROTOCOL_BEVIS if dates else msg.PROTOCOL_ADJUSTED
    done = msg.PROTOCOL_ALL_ADJUSTED.format(body=meeting.body.name, date=day)
    notice = Reply(title=done, text=statement, facts=(Fact(msg.PROTOCOL_LABELS["adjustment_place_time"],
                                                                   meeting.adjustment_place_time),) + facts,
                   tone="success")
    base = f"protocol:{meeting.id}:adjusted:{now:%Y%m%dT%H%M%S}"
    post_to_channels(session, tenant_id=scope.tenant.id, body=meeting.body, key=base, reply=notice, now=now,
                     kind="protocol_adjusted", subject_type="meeting", subject_id=meeting.id)
    sent = 0
    for paragraph in paragraphs:
        if paragraph.confidential or not paragraph.distribution:
            continue
        extract = extract_reply(build_extract(session, paragraph, zone=zone))
        extract = Reply(title=extract.title, text=msg.PROTOCOL_EXTRACT_SENT_TO.format(
            names="; ".join(paragraph.distribution)), facts=extract.facts, sections=extract.sections)
        post_to_channels(session, tenant_id=scope.tenant.id, body=meeting.body, key=f"{base}:extract:{paragraph.id}",
                         reply=extract, now=now, kind="protocol_extract", subject_type="paragraph",
                         subject_id=paragraph.id)
        sent += 1
    audit.record(session, scope=scope, action="protocol.adjusted", subject_type="meeting", subject_id=meeting.id,
                 details={"at": now.isoformat(), "posted_on": dates.posted_on.isoformat() if dates else None,
                          "appeal_ends_on": dates.appeal_ends_on.isoformat() if dates else None, "extracts": sent})
    return Reply(title=done, text=statement, facts=notice.facts,
                 context=msg.PROTOCOL_ANSLAG_REMINDER if dates else None, tone="success")
