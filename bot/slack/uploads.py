"""A protocol shared with the bot in Slack: download it, import it as the uploader, answer with the summary.

Slack announces a shared file as a ``message`` event with ``files`` (subtype ``file_share``).
The ``file_shared`` event is not subscribed: Slack sends it besides the message event with a
different event id, so listening to both would import every file twice.

In a direct message with the bot every file is handled. In a channel the bot acts only when the
message @mentions it — people share files in channels all day, and the bot never chats
uninvited (the same rule as diarienummer mentions). Answers go to the file's thread; refusals
are shown only to the uploader.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.dedupe import delivery_key
from bot.slack.payloads import from_message_event
from bot.slack.respond import to_conversation
from bot.uploads import (
    MAX_FILES_PER_MESSAGE,
    DownloadError,
    display_name,
    download,
    download_failed,
    import_from_chat,
    unsupported,
)
from handlers.archive import texts
from handlers.context import Invocation, Services
from handlers.deliveries import claim
from handlers.reply import Reply

log = logging.getLogger("samverkan.slack.uploads")

UPLOAD_SUBTYPES = {None, "file_share", "thread_broadcast"}
SLACK_FILE_DOMAINS = ("slack.com", "slack-gov.com")


def is_file_share(event: dict[str, Any]) -> bool:
    """A person's message carrying files (not a bot's post, not an edit)."""
    files = event.get("files")
    return (isinstance(files, list) and bool(files) and not event.get("bot_id")
            and event.get("subtype") in UPLOAD_SUBTYPES)


def addressed(*, event: dict[str, Any], bot_user_id: str | None) -> bool:
    """True in a DM, or in a channel when the message @mentions the bot."""
    if event.get("channel_type") == "im":
        return True
    return bool(bot_user_id) and f"<@{bot_user_id}" in (event.get("text") or "")


def trusted_file_url(*, url: str, api_url: str) -> bool:
    """Only Slack's own file hosts (or the configured API host) ever see the bot token."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host and host == urlsplit(api_url).hostname:
        return True
    return parts.scheme == "https" and any(host == domain or host.endswith("." + domain)
                                           for domain in SLACK_FILE_DOMAINS)


def register_uploads(*, app: AsyncApp, services: Services) -> None:
    """Listen to file shares; register before the mention listener, since Bolt runs the first match."""

    async def shares_files(event: dict[str, Any]) -> bool:
        return is_file_share(event)

    async def ack_upload(ack: AsyncAck) -> None:
        await ack()

    async def import_shared_files(body: dict[str, Any], event: dict[str, Any], context: dict[str, Any],
                                  client: AsyncWebClient) -> None:
        if not addressed(event=event, bot_user_id=context.get("bot_user_id")):
            return
        if not await asyncio.to_thread(claim, services=services, key=delivery_key(body=body)):
            return
        team_id = body.get("team_id") or event.get("team", "")
        channel_id = event.get("channel", "")
        direct = event.get("channel_type") == "im"
        thread_ts = None if direct else event.get("thread_ts") or event.get("ts")
        inv = from_message_event(event=event, team_id=team_id, line="")
        for shared in event["files"][:MAX_FILES_PER_MESSAGE]:
            reply = await import_shared_file(services=services, client=client, inv=inv, shared=shared)
            await to_conversation(client=client, reply=reply, channel_id=channel_id, user_id=inv.actor.user_id,
                                  thread_ts=thread_ts)

    app.event("message", matchers=[shares_files])(ack=ack_upload, lazy=[import_shared_files])


async def import_shared_file(*, services: Services, client: AsyncWebClient, inv: Invocation,
                             shared: dict[str, Any]) -> Reply:
    """One file: look it up (events may carry only its id), check the type, download, import."""
    name = display_name(name=shared.get("name"), content_type=shared.get("mimetype"))
    try:
        info = (await client.files_info(file=str(shared.get("id", "")))).get("file") or {}
    except SlackApiError as error:
        log.warning("files.info failed", extra={"error": error.response.get("error")})
        return download_failed(name=name, reason=texts.UPLOAD_HTTP_STATUS.format(status=error.response.status_code))
    name = display_name(name=info.get("name") or shared.get("name"), content_type=info.get("mimetype"))
    refusal = unsupported(name=name)
    if refusal is not None:
        return refusal
    url = info.get("url_private_download") or info.get("url_private") or ""
    if not trusted_file_url(url=url, api_url=client.base_url):
        return download_failed(name=name, reason=texts.UPLOAD_BAD_LINK)
    try:
        content = await download(url=url, headers={"Authorization": f"Bearer {client.token}"})
    except DownloadError as error:
        return download_failed(name=name, reason=error.reason)
    return await asyncio.to_thread(import_from_chat, services=services, inv=inv, filename=name, content=content)
