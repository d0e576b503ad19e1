"""What a handler knows about the request: who asked, where, when, and the services to use.

Adapters translate their platform payload into an ``Invocation``; nothing platform-specific
travels further than this object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker


@dataclass(frozen=True)
class TenantRef:
    """The workspace or tenant the request came from."""

    platform: str  # slack | teams | console
    external_id: str
    name: str = ""


@dataclass(frozen=True)
class ActorRef:
    """The person who typed the command, as the platform knows them."""

    user_id: str
    display_name: str
    alt_id: str | None = None  # another id the platform knows them by (Teams: the 29:… account id of mentions)


@dataclass(frozen=True)
class ChannelRef:
    """Where the command was typed. ``reference`` is the platform's address for later posts."""

    channel_id: str
    name: str | None = None
    is_direct: bool = False
    reference: dict[str, Any] | None = None


@dataclass(frozen=True)
class Invocation:
    """One command as typed: ``command`` is the registry name, ``text`` the rest of the line."""

    command: str
    text: str
    tenant: TenantRef
    actor: ActorRef
    channel: ChannelRef
    form_values: dict[str, str] | None = None
    delivery_key: str | None = None  # the platform delivery's idempotency key; retries carry the same
    redelivery: bool = False  # the platform says this delivery is a retry of an earlier one
    answer_in_place: bool = False  # the reply will be posted for everyone in the channel, whatever it says


@dataclass
class Services:
    """Dependencies handlers use, wired once by ``bot.bootstrap``."""

    sessions: sessionmaker[Session]
    zone: ZoneInfo
    clock: Callable[[], datetime]
    public_url: str = "http://127.0.0.1:3978"
    link_signer: Any = None
    extras: dict[str, Any] = field(default_factory=dict)

    def now(self) -> datetime:
        """The current time in the organisation's zone (tests fix the clock)."""
        return self.clock().astimezone(self.zone)
