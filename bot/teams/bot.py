"""The Teams activity handler: messages and card submits in, replies out.

Handlers are synchronous and use the database, so each command runs in a worker thread
(``asyncio.to_thread``): a slow import or lookup never stalls other conversations on the
server's event loop. Quick reads on the loop, as Slack does them, measured slower here:
SQLite releases the GIL during a query, so on two cores the thread overlaps with the loop's
HTTP work (52 against 42 activities/s at the same CPU per activity, 2026-12-04). Installation
events store the conversation reference straight away, so reminders can reach a channel or
person before anyone has typed a command there.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from microsoft_agents.activity import Activity, ActivityTypes, ChannelAccount, InvokeResponse
from microsoft_agents.hosting.core import ActivityHandler, TurnContext

from bot.teams import texts
from bot.teams.activity import (
    CARD_ID_KEY,
    CARD_SCOPE_KEY,
    conversation_type,
    installation_invocation,
    invocation_from_activity,
    syntax_for,
)
from bot.teams.cards import reply_activity
from bot.teams.input_again import input_again_activity, wants_input_again
from bot.teams.invokes import answer_invoke
from bot.teams.outgoing import as_activity
from bot.teams.private import route_private
from bot.teams.uploads import answer_upload
from handlers.context import Invocation, Services
from handlers.deliveries import claim
from handlers.dispatch import DUPLICATE_DELIVERY, dispatch
from handlers.reply import Reply
from handlers.scope import resolve_scope

log = logging.getLogger("samverkan.teams")


class SamverkanTeamsBot(ActivityHandler):
    """One instance per server; holds no per-conversation state."""

    def __init__(self, *, services: Services) -> None:
        self._services = services

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if await answer_upload(turn_context=turn_context, services=self._services, claim=self._claim,
                               key=delivery_key(activity)):
            return
        invocation = invocation_from_activity(activity)
        if invocation is None:
            return
        reply = await asyncio.to_thread(self._run_once, invocation, delivery_key(activity))
        if reply is not None:
            value = activity.value if isinstance(activity.value, dict) else None
            if value is not None and wants_input_again(value=value, reply=reply):
                card_id = value.get(CARD_ID_KEY) or activity.reply_to_id
                await turn_context.send_activity(as_activity(
                    input_again_activity(value=value, reply=reply, card_id=card_id)))
                return
            await update_clicked_card(turn_context=turn_context, reply=reply)
            syntax = syntax_for(conversation_type(activity))
            await turn_context.send_activity(as_activity(reply_activity(reply, syntax=syntax)))

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext) -> None:
        """The bot itself was added to a team, group chat or personal chat: remember where."""
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if not any(member.id == bot_id for member in members_added or []):
            return
        await asyncio.to_thread(self.register, installation_invocation(turn_context.activity))
        await turn_context.send_activity(Activity(type=ActivityTypes.message, text=texts.WELCOME))

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        """Teams' own install event (sent besides conversationUpdate): store the reference only."""
        await asyncio.to_thread(self.register, installation_invocation(turn_context.activity))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Invokes (Teams waits for their answer in the HTTP response): the bot offers none, so each
        gets the answer its kind expects with a Swedish sentence, instead of the SDK's 501."""
        return answer_invoke(turn_context.activity)

    def register(self, invocation: Invocation) -> None:
        """Create tenant, installer and channel binding (with its reference) in one transaction."""
        with self._services.sessions() as session:
            resolve_scope(session, invocation)
            session.commit()

    def _run_once(self, invocation: Invocation, key: str | None) -> Reply | None:
        """Dispatch; a re-delivered activity that already changed something is answered with nothing.

        The Bot Framework does not mark retries, so every activity is treated as one that may be:
        dispatch reads its key (one primary-key lookup) and records it only with a write.
        """
        reply = dispatch(replace(invocation, delivery_key=key, redelivery=key is not None), services=self._services)
        if reply is DUPLICATE_DELIVERY:
            log.info("duplicate teams activity ignored", extra={"key": key})
            return None
        return route_private(services=self._services, invocation=invocation, reply=reply)

    def _claim(self, key: str) -> bool:
        return claim(services=self._services, key=key)


async def update_clicked_card(*, turn_context: TurnContext, reply: Reply) -> bool:
    """Edit the card whose button was clicked to its new state (``Reply.card_update``).

    A card submit carries the card's own activity id as ``replyToId``; updateActivity on it
    replaces the card for everyone in the conversation, so no stale Klar / Justera stays live.
    Only a button that stands for the whole card (``CARD_SCOPE_KEY``) replaces it: a click in a
    list card must not turn the list into one uppdrag. A failed edit is logged; the clicker
    still gets the answer.
    """
    activity = turn_context.activity
    value = activity.value if isinstance(activity.value, dict) else None
    if reply.card_update is None or value is None or not activity.reply_to_id or not value.get(CARD_SCOPE_KEY):
        return False
    update = as_activity(reply_activity(reply.card_update, syntax=syntax_for(conversation_type(activity))))
    update.id = value.get(CARD_ID_KEY) if isinstance(value.get(CARD_ID_KEY), str) else activity.reply_to_id
    try:
        await turn_context.update_activity(update)
    except Exception:  # noqa: BLE001 - the edit is a courtesy; the answer below must still go out
        log.warning("updating the clicked card failed", exc_info=True)
        return False
    return True


def delivery_key(activity: Activity) -> str | None:
    """Idempotency key of a delivery: the channel re-sends the same activity id on retries."""
    if not activity.id or not activity.conversation:
        return None
    return f"teams:{activity.conversation.id}:{activity.id}"[:200]
