"""The Notifier port: how scheduled and side-effect posts leave the bot.

Reminders, justering requests and channel announcements are written to the outbox by handlers
and schedules; a sweep hands each one to the Notifier of its platform. Adapters implement this
(Slack ``chat.postMessage``, Teams ``continue_conversation``, the terminal prints), so nothing
outside ``bot/`` knows a chat SDK. Calls are synchronous: the sweep runs in a worker thread.

Exactly once across crashes: a notifier that can read back what it posted (Slack) implements
``find_posted`` and accepts ``marker`` in ``post``; the sweep then asks it, before posting rows a
dead claimer may already have posted, and records what it finds instead of posting twice.
Notifiers without ``find_posted`` (Teams, the terminal) answer "unknown": the rows are posted
again, at-least-once (``lookup_posted``).

Both ports are ``runtime_checkable`` protocols: every notifier (``bot/slack/notifier.py``,
``bot/teams/notifier.py``, ``bot/console_notifier.py``, the tests' ``RecordingNotifier``) is checked
against them by ``tests/unit/test_ports.py``, so an adapter cannot drift from the port unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from handlers.reply import Reply


class DeliveryError(Exception):
    """A post failed. ``retry_after`` (seconds) when the platform said when; ``permanent`` when
    retrying cannot help (channel gone, bot removed)."""

    def __init__(self, message: str, *, retry_after: float | None = None, permanent: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


@dataclass(frozen=True)
class Destination:
    """Where a post goes: a channel (with its stored platform reference) or a person."""

    platform: str
    tenant_external_id: str
    kind: str  # "channel" | "person"
    address: str  # channel id or platform user id
    reference: dict[str, Any] | None = None  # Teams conversation reference, when known


@dataclass(frozen=True)
class PostMarker:
    """The idempotency identity a post carries to the platform: ``batch`` names the sweep's
    attempt (stored on the outbox rows as ``post_attempt`` before the post), ``rows`` are the
    outbox row ids the post delivers."""

    batch: str
    rows: tuple[int, ...]


@runtime_checkable
class Notifier(Protocol):
    """Implemented once per platform: what every notifier has."""

    platform: str

    def post(self, *, destination: Destination, reply: Reply) -> str:
        """Post ``reply``; return the platform's message id. Raise ``DeliveryError`` on failure."""
        ...


@runtime_checkable
class LookBackNotifier(Notifier, Protocol):
    """A notifier that can tell whether an earlier attempt's post arrived (Slack): exactly once."""

    def post(self, *, destination: Destination, reply: Reply, marker: PostMarker | None = None) -> str:
        """As ``Notifier.post``, storing ``marker`` with the post on the platform, where
        ``find_posted`` can find it again."""
        ...

    def find_posted(self, *, destination: Destination, marker: PostMarker, since: datetime,
                    until: datetime | None = None) -> dict[int, str] | None:
        """Which of ``marker.rows`` a post carrying ``marker.batch`` already delivered to
        ``destination`` between ``since`` and ``until`` (the attempt's window): row id → message id;
        ``{}`` when there is none. ``None`` means "unknown" (the platform cannot be asked): the
        caller then posts again, at-least-once. Raise ``DeliveryError`` when the lookup itself
        failed; the caller must then neither post nor give the rows up, but retry later."""
        ...


def can_look_back(notifier: object) -> bool:
    """Whether ``notifier`` implements ``find_posted`` (and so takes ``marker`` in ``post``)."""
    return callable(getattr(notifier, "find_posted", None))


def lookup_posted(notifier: object, *, destination: Destination, marker: PostMarker, since: datetime,
                  until: datetime | None = None) -> dict[int, str] | None:
    """``notifier.find_posted`` where implemented, else ``None`` ("unknown")."""
    if not can_look_back(notifier):
        return None
    return notifier.find_posted(destination=destination, marker=marker,  # type: ignore[attr-defined]
                                since=since, until=until)


def post_marked(notifier: object, *, destination: Destination, reply: Reply, marker: PostMarker) -> str:
    """Post with ``marker`` where the notifier can store it, else a plain ``post``."""
    if can_look_back(notifier):
        return notifier.post(destination=destination, reply=reply, marker=marker)  # type: ignore[attr-defined]
    return notifier.post(destination=destination, reply=reply)  # type: ignore[attr-defined]
