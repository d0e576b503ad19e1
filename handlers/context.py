"""What a handler knows about the request: who asked, where, when, and the services to use.

Adapters translate their platform payload into an ``Invocation``; nothing platform-specific
travels further than this object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from handlers.notify import Notifier


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


@runtime_checkable
class LinkSigning(Protocol):
    """What handlers ask of the web's link signer (``bot.web.links.LinkSigner``): a signed link for
    one person, and a tenant's public path segment. A port, so handlers never import the web."""

    def make_link(self, *, tenant_id: int, person_id: int, purpose: str, ttl: timedelta | None = None,
                  now: datetime, path: str | None = None, session: Session | None = None) -> str:
        """An absolute URL that opens ``path`` (or the purpose's start page) for this person."""
        ...

    def tenant_slug(self, tenant_id: int) -> str:
        """The tenant's stable, unguessable path segment (``/anslagstavla/<slug>``)."""
        ...


@dataclass
class Services:
    """Dependencies handlers use, wired once by ``bot.bootstrap``.

    ``extras`` holds what only some processes have; the entries every process has are read through
    the typed accessors below (``engine``, ``notifiers``) rather than by string key."""

    sessions: sessionmaker[Session]
    zone: ZoneInfo
    clock: Callable[[], datetime]
    public_url: str = "http://127.0.0.1:3978"
    link_signer: LinkSigning | None = None  # None when no signer could be set up (no database yet)
    confidential_in_chat: str = "medlemmar"  # SAMVERKAN_SEKRETESS_I_CHATT, read by handlers.visibility
    extras: dict[str, Any] = field(default_factory=dict)

    def now(self) -> datetime:
        """The current time in the organisation's zone (tests fix the clock)."""
        return self.clock().astimezone(self.zone)

    @property
    def engine(self) -> Engine:
        """The engine behind ``sessions`` (``bootstrap`` stores it), for disposing and raw DDL."""
        engine: Engine = self.extras["engine"]
        return engine

    @property
    def notifiers(self) -> dict[str, Notifier]:
        """Notifiers the server's platform routes mounted, by platform (empty in the CLI)."""
        mounted: dict[str, Notifier] = self.extras.setdefault("notifiers", {})
        return mounted
