"""The Teams side of the ``Notifier`` port: reminders posted proactively.

The reminder sweep runs in a worker thread and calls ``post`` synchronously. The Agents SDK is
asyncio, so the post is scheduled onto the server's event loop when one runs (the adapter, its
cached clients and the loop stay together) and runs on a private loop otherwise (CLI, tests),
whose connector clients are closed before the loop ends.

Stored conversation references are Bot Framework JSON (``activityId``, ``user``, ``bot``,
``conversation``, ``channelId``, ``serviceUrl``); botbuilder wrote them and the SDK's
``ConversationReference`` reads the same names, so references stored before the move still work.
In a channel a reminder starts a new thread — a new conversation in the channel, which needs
the bot's app id — else it is a post into the stored conversation.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any

from microsoft_agents.activity import Activity, ConversationParameters, ConversationReference
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.authorization import AuthenticationConstants, ClaimsIdentity
from pydantic import ValidationError

from bot.teams.activity import syntax_for
from bot.teams.app import TeamsAdapter
from bot.teams.cards import reply_activity
from bot.teams.outgoing import as_activity
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
        return _run(self._post(destination, reply), adapter=self._adapter)

    async def _post(self, destination: Destination, reply: Reply) -> str:
        try:
            reference = ConversationReference.model_validate(destination.reference)
        except ValidationError as error:
            raise DeliveryError("stored Teams conversation reference is unreadable", permanent=True) from error
        if reference.conversation is None or not reference.conversation.id or not reference.service_url:
            raise DeliveryError("stored Teams conversation reference names no conversation", permanent=True)
        kind = reference.conversation.conversation_type
        activity = as_activity(reply_activity(reply, syntax=syntax_for(kind)))
        try:
            if kind == "channel" and self._new_thread and self._app_id:
                tenant = reference.conversation.tenant_id or destination.tenant_external_id
                return await self._new_channel_thread(reference, activity, tenant_id=tenant)
            return await self._continue(reference, activity)
        except Exception as error:
            raise delivery_error(error) from error

    async def _continue(self, reference: ConversationReference, activity: Activity) -> str:
        """Post into the stored conversation (personal chat, group chat, or channel without app id)."""
        message_id = ""

        async def send(turn_context: TurnContext) -> None:
            nonlocal message_id
            response = await turn_context.send_activity(activity)
            message_id = response.id if response and response.id else ""

        identity = self._adapter.create_claims_identity(self._app_id) if self._app_id else ClaimsIdentity()
        await self._adapter.continue_conversation_with_claims(
            identity, reference.get_continuation_activity(), send, AuthenticationConstants.AGENTS_SDK_SCOPE)
        return message_id

    async def _new_channel_thread(self, reference: ConversationReference, activity: Activity, *,
                                  tenant_id: str) -> str:
        """Start a new thread in the channel; its id is the id of the posted message. References
        stored by botbuilder have no tenant on the conversation: the destination's is used."""
        assert reference.conversation is not None and reference.service_url
        channel_id = reference.conversation.id.split(";", 1)[0]
        parameters = ConversationParameters(is_group=True, channel_data={"channel": {"id": channel_id}},
                                            activity=activity, agent=reference.agent,
                                            tenant_id=tenant_id)
        message_id = ""

        async def created(turn_context: TurnContext) -> None:
            nonlocal message_id
            message_id = turn_context.activity.id or ""

        await self._adapter.create_conversation(
            self._app_id, str(reference.channel_id or "msteams"), reference.service_url,
            AuthenticationConstants.AGENTS_SDK_SCOPE, parameters, created)
        return message_id


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


def _run(coroutine: Coroutine[Any, Any, str], *, adapter: TeamsAdapter) -> str:
    """Run on a private loop (no server running in this process); its clients die with it."""

    async def run_and_close() -> str:
        try:
            return await coroutine
        finally:
            await adapter.factory.close_loop()

    return asyncio.run(run_and_close())
