"""Run a command off the event loop, once, and hand unfinished work to a lazy listener.

Handlers use synchronous SQLAlchemy, so each dispatch runs in a worker thread. The ack waits
up to ``ACK_BUDGET`` seconds: lookups answer inside the ack (one HTTP round trip, Slack shows
the answer at once); anything slower is acknowledged and finished by a Bolt lazy listener,
which finds the running task here under a token carried in the request context.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from bot.slack.dedupe import claim
from handlers.context import Invocation, Services
from handlers.dispatch import dispatch
from handlers.reply import Reply

ACK_BUDGET = 2.0  # seconds; Slack gives up after 3
CONTEXT_KEY = "samverkan_followup"


def _run(services: Services, inv: Invocation, key: str | None) -> Reply | None:
    if key is not None and not claim(services=services, key=key):
        return None
    return dispatch(inv, services=services)


async def run_once(*, services: Services, inv: Invocation, key: str | None) -> Reply | None:
    """Dispatch in a worker thread; ``None`` when ``key`` was already handled (a Slack retry)."""
    return await asyncio.to_thread(_run, services, inv, key)


class Followups:
    """Work started during an ack that a lazy listener finishes (slow replies, further pages)."""

    def __init__(self) -> None:
        self._items: dict[str, Any] = {}

    def put(self, *, context: dict[str, Any], item: Any) -> None:
        """Keep ``item`` for the lazy listener of this request."""
        token = uuid.uuid4().hex
        self._items[token] = item
        context[CONTEXT_KEY] = token

    def pop(self, *, context: dict[str, Any]) -> Any:
        """The item the ack left for this request, or None."""
        token = context.get(CONTEXT_KEY)
        return self._items.pop(token, None) if token else None


async def within_budget(task: asyncio.Future[Reply | None]) -> bool:
    """Wait for ``task`` up to the ack budget; True when it finished."""
    done, _ = await asyncio.wait({task}, timeout=ACK_BUDGET)
    return task in done
