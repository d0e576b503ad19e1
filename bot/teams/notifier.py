"""The Teams side of the ``Notifier`` port: reminders posted proactively.

The reminder sweep runs in a worker thread and calls ``post`` synchronously. botbuilder is
asyncio, so the post is scheduled onto the server's event loop when one runs (the adapter, its
cached clients and the loop stay together) and runs on a private loop otherwise (CLI, tests).
In a channel a reminder starts a new thread: ``TeamsInfo.send_message_to_teams_channel`` when
the bot has an app id (it must), else a post into the stored channel conversation.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import ConversationReference

from bot.teams.activity import syntax_for
from bot.teams.app import TeamsAdapter
from bot.teams.cards import reply_activity
from bot.teams.retry import retry_after_of, status_of
from handlers.notify import DeliveryError, Destination
from handlers.reply import Reply

PERMANENT_STATUSES = frozenset({400, 403, 404})  # bad payload, bot removed, conversation gone


class TeamsNotifier:
    """Posts replies into stored Teams conversations."""

    platform = "teams"

    def __init__(self, *, adapter: TeamsAdapter, app_id: str, new_thread_in_channels: bool = True,
                 timeout: float = 120.0) -> None:
        self._adapter = adapter
        self._app_id = app_id
        self._new_thread = new_thread_in_channels
        self._timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Called when the server starts: posts from other threads go onto this loop."""
        self._loop = loop
        self._loop_thread = threading.get_ident()

    def detach(self) -> None:
        """Called when the server stops."""
        self._loop = None
        self._loop_thread = None

    def post(self, *, destination: Destination, reply: Reply) -> str:
        """Post and return the Teams message id; ``DeliveryError`` when it cannot be done."""
        if not destination.reference:
            raise DeliveryError(f"no Teams conversation reference for {destination.address}", permanent=True)
        loop = self._loop
        if loop is not None and loop.is_running():
            if threading.get_ident() == self._loop_thread:
                raise RuntimeError("TeamsNotifier.post blocks; call it from a worker thread, not the event loop")
            future = asyncio.run_coroutine_threadsafe(self._post(destination, reply), loop)
            return future.result(timeout=self._timeout)
        return _run(self._post(destination, reply))

    async def _post(self, destination: Destination, reply: Reply) -> str:
        reference = ConversationReference().deserialize(destination.reference)
        kind = reference.conversation.conversation_type if reference.conversation else None
        activity = reply_activity(reply, syntax=syntax_for(kind))
        channel = kind == "channel"
        message_id = ""

        async def send(turn_context: TurnContext) -> None:
            nonlocal message_id
            if channel and self._new_thread and self._app_id:
                channel_id = reference.conversation.id.split(";", 1)[0]
                _new_reference, message_id = await TeamsInfo.send_message_to_teams_channel(
                    turn_context, activity, channel_id, bot_app_id=self._app_id
                )
            else:
                response = await turn_context.send_activity(activity)
                message_id = response.id if response and response.id else ""

        try:
            await self._adapter.continue_conversation(reference, send, self._app_id)
        except Exception as error:
            raise delivery_error(error) from error
        return message_id or ""


def delivery_error(error: BaseException) -> DeliveryError:
    """Translate a connector failure (after retries) into the port's error."""
    status = status_of(error)
    if status is None:
        return DeliveryError(f"Teams post failed: {error.__class__.__name__}: {error}")
    return DeliveryError(
        f"Teams connector answered {status}",
        retry_after=retry_after_of(error),
        permanent=status in PERMANENT_STATUSES,
    )


def _run(coroutine: Coroutine[Any, Any, str]) -> str:
    """Run on a private loop (no server running in this process)."""
    return asyncio.run(coroutine)
