"""Where protocol posts go: the body's channels, a justerare's DMs, the secretary.

Everything is written to the outbox (``schedules.immediate``) inside the command's
transaction. A person the bot has never seen in chat has no platform id and cannot get a DM,
so they are named in a channel post instead — a justering must never silently go nowhere.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.reply import Reply
from schedules.immediate import enqueue_reply
from storage.models import Body, ChannelBinding, Membership, Person, Tenant
from storage.tenancy import scoped

# Platforms that can write to a person only in a conversation the person has had with the bot
# (Teams: the stored personal conversation reference); Slack opens a DM from the user id alone.
DM_NEEDS_REFERENCE = frozenset({"teams"})


def body_channels(session: Session, *, tenant_id: int, body: Body) -> list[ChannelBinding]:
    """Channels bound to the body, else to its nearest ancestor that has one."""
    seen: set[int] = set()
    current: Body | None = body
    while current is not None and current.id not in seen:
        seen.add(current.id)
        rows = list(session.scalars(scoped(select(ChannelBinding), ChannelBinding, tenant_id=tenant_id)
                                    .where(ChannelBinding.body_id == current.id).order_by(ChannelBinding.id)))
        if rows:
            return rows
        current = current.parent
    return []


def post_to_channels(session: Session, *, tenant_id: int, body: Body, key: str, reply: Reply, now: datetime,
                     kind: str, subject_type: str, subject_id: int) -> int:
    """One outbox row per channel of the body; returns how many were written."""
    channels = body_channels(session, tenant_id=tenant_id, body=body)
    for binding in channels:
        enqueue_reply(session, tenant_id=tenant_id, key=f"{key}>ch:{binding.id}", platform=binding.platform,
                      destination_kind="channel", address=binding.channel_id,
                      reference=binding.conversation_reference, reply=reply, body_id=body.id, now=now, kind=kind,
                      subject_type=subject_type, subject_id=subject_id, route=f"ch:{binding.id}")
    return len(channels)


def post_to_person(session: Session, *, tenant_id: int, person: Person | None, body: Body, key: str, reply: Reply,
                   fallback: Reply, now: datetime, kind: str, subject_type: str, subject_id: int) -> str:
    """A DM when the person is reachable in chat, else ``fallback`` in the body's channels.

    Reachable: the bot knows the person's platform id and, on Teams, has a personal conversation
    with them (someone who only ever wrote in a channel cannot be written to privately).

    Returns "person" or "channel" so the caller can tell the secretary how it went.
    """
    tenant = session.get(Tenant, tenant_id)
    if person is not None and person.platform_user_id and tenant is not None and (
            person.dm_reference or tenant.platform not in DM_NEEDS_REFERENCE):
        enqueue_reply(session, tenant_id=tenant_id, key=f"{key}>dm:{person.id}", platform=tenant.platform,
                      destination_kind="person", address=person.platform_user_id, reference=person.dm_reference,
                      reply=reply, body_id=body.id, now=now, kind=kind, subject_type=subject_type,
                      subject_id=subject_id, route=f"dm:{person.id}")
        return "person"
    post_to_channels(session, tenant_id=tenant_id, body=body, key=key, reply=fallback, now=now, kind=kind,
                     subject_type=subject_type, subject_id=subject_id)
    return "channel"


def secretaries(session: Session, *, tenant_id: int, body: Body) -> list[Person]:
    """The people holding the sekreterare seat of the body."""
    return list(session.scalars(select(Person).join(Membership, Membership.person_id == Person.id).where(
        Membership.tenant_id == tenant_id, Membership.body_id == body.id, Membership.role == "sekreterare")
        .order_by(Membership.id)))
