"""The Notifier port: how scheduled and side-effect posts leave the bot.

Reminders, justering requests and channel announcements are written to the outbox by handlers
and schedules; a sweep hands each one to the Notifier of its platform. Adapters implement this
(Slack ``chat.postMessage``, Teams ``continue_conversation``, the terminal prints), so nothing
outside ``bot/`` knows a chat SDK. Calls are synchronous: the sweep runs in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

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


class Notifier(Protocol):
    """Implemented once per platform."""

    platform: str

    def post(self, *, destination: Destination, reply: Reply) -> str:
        """Post ``reply``; return the platform's message id. Raise ``DeliveryError`` on failure."""
        ...
