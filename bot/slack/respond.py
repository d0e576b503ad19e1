"""Post a rendered reply to where the user is: ``response_url``, the channel, or a DM.

One place decides visibility: ephemeral replies and every error are shown only to the person
who asked; everything else is posted for the channel.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import SlackMessage, render_pages
from bot.slack.clients import webhook_client
from handlers.reply import Reply

log = logging.getLogger("samverkan.slack.respond")


def is_private(reply: Reply) -> bool:
    """Errors are always shown only to the asker, whatever the handler set."""
    return reply.ephemeral or reply.tone == "error"


def response_type(reply: Reply) -> str:
    """Slack's ``response_type`` for a reply."""
    return "ephemeral" if is_private(reply) else "in_channel"


def ack_payload(*, reply: Reply, message: SlackMessage) -> dict[str, Any]:
    """Keyword arguments for ``ack()`` answering a slash command in its HTTP response."""
    return {"response_type": response_type(reply), "text": message.text, "blocks": message.blocks}


async def via_response_url(*, url: str, reply: Reply, messages: list[SlackMessage] | None = None) -> None:
    """Post the reply (or the given pages of it) to a ``response_url``; failures are logged."""
    client = webhook_client(url=url)
    for message in messages if messages is not None else render_pages(reply=reply):
        response = await client.send(
            text=message.text, blocks=message.blocks, response_type=response_type(reply), replace_original=False
        )
        if response.status_code != 200:
            log.warning("response_url post failed", extra={"status": response.status_code, "body": response.body})
            return


async def to_conversation(
    *,
    client: AsyncWebClient,
    reply: Reply,
    channel_id: str | None,
    user_id: str,
    thread_ts: str | None = None,
) -> None:
    """Post to a channel (ephemerally when private), or to the user's DM when there is no channel."""
    try:
        if not channel_id:
            opened = await client.conversations_open(users=user_id)
            channel_id = opened["channel"]["id"]
        for message in render_pages(reply=reply):
            if is_private(reply) and not channel_id.startswith("D"):
                await client.chat_postEphemeral(channel=channel_id, user=user_id, text=message.text,
                                                blocks=message.blocks, thread_ts=thread_ts)
            else:
                await client.chat_postMessage(channel=channel_id, text=message.text, blocks=message.blocks,
                                              thread_ts=thread_ts)
    except SlackApiError as error:
        log.warning("posting a reply failed", extra={"error": error.response.get("error")})


async def deliver(
    *,
    client: AsyncWebClient,
    reply: Reply,
    response_url: str | None,
    channel_id: str | None,
    user_id: str,
) -> None:
    """Answer an interaction: through its ``response_url`` when it has one, else by the Web API."""
    if response_url:
        await via_response_url(url=response_url, reply=reply)
    else:
        await to_conversation(client=client, reply=reply, channel_id=channel_id, user_id=user_id)
