"""Answer a diarienummer mentioned in a channel ("vad blev det med UTB 22/30?") in its thread.

Off by default: only channels where ``/samverkan bevakning på`` set ``settings["watch"]``
get answers, so the bot never chats uninvited. Only real finds are posted — a dnr the archive
does not know gets silence, not a "hittar inget" in someone's conversation.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

from bot.slack.blocks import render_compact
from bot.slack.dedupe import delivery_key
from bot.slack.payloads import PLATFORM, from_message_event
from bot.slack.work import run_once
from handlers.context import Services
from handlers.deliveries import claim
from handlers.parsing.dnr import find_dnrs
from storage.models import ChannelBinding, Tenant

log = logging.getLogger("samverkan.slack.mentions")

MAX_ANSWERS = 3
ANSWERED_SUBTYPES = {None, "thread_broadcast"}  # edits, joins and bot posts are not questions


def watching(*, services: Services, team_id: str, channel_id: str) -> bool:
    """True when the channel asked the bot to answer diarienummer mentions."""
    with services.sessions() as session:
        settings = session.scalars(
            select(ChannelBinding.settings)
            .join(Tenant, Tenant.id == ChannelBinding.tenant_id)
            .where(Tenant.platform == PLATFORM, Tenant.external_id == team_id,
                   ChannelBinding.platform == PLATFORM, ChannelBinding.channel_id == channel_id)
        ).first()
    return bool(settings and settings.get("watch"))


def register_mentions(*, app: AsyncApp, services: Services) -> None:
    """Listen to channel messages; the work happens after the ack."""

    async def ack_message(ack: AsyncAck) -> None:
        await ack()

    async def answer_mentions(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("subtype") not in ANSWERED_SUBTYPES or event.get("bot_id"):
            return
        dnrs = list(dict.fromkeys(find_dnrs(event.get("text") or "")))[:MAX_ANSWERS]
        team_id = body.get("team_id") or event.get("team", "")
        channel_id = event.get("channel", "")
        if not dnrs:
            return
        if not await asyncio.to_thread(watching, services=services, team_id=team_id, channel_id=channel_id):
            return
        if not await asyncio.to_thread(claim, services=services, key=delivery_key(body=body)):
            return
        thread_ts = event.get("thread_ts") or event.get("ts")
        for dnr in dnrs:
            # Posted in the channel's thread for everyone: the handlers answer for the place, not the author.
            inv = replace(from_message_event(event=event, team_id=team_id, line=f"beslut {dnr.display}"),
                          answer_in_place=True)
            reply = await run_once(services=services, inv=inv, key=None)
            if reply is None or reply.private or reply.tone in ("error", "warning"):
                continue
            message = render_compact(reply=reply)
            try:
                await client.chat_postMessage(channel=channel_id, thread_ts=thread_ts, text=message.text,
                                              blocks=message.blocks)
            except SlackApiError as error:
                log.warning("threaded answer failed", extra={"error": error.response.get("error")})

    app.event("message")(ack=ack_message, lazy=[answer_mentions])
