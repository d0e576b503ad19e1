"""Share a reply's file (``Reply.file``) into the Slack conversation: files.uploadV2.

Slack's upload is three calls, which ``files_upload_v2`` makes: ``files.getUploadURLExternal``
(a URL for the bytes), the upload itself, and ``files.completeUploadExternal``, which shares the
file into the channel (or the person's DM when the click came from no channel) with the reply's
title as its comment. The bytes are rendered only here, so a reply nobody can receive as a file
costs nothing. A failed upload is logged and told to the person: the reply they already got
carries the personal link where a web server runs.
"""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.respond import to_conversation
from handlers import messages as msg
from handlers.reply import Reply

log = logging.getLogger("samverkan.slack.files")


async def share_file(*, client: AsyncWebClient, reply: Reply, channel_id: str | None, user_id: str,
                     thread_ts: str | None = None) -> str | None:
    """Upload ``reply.file`` to ``channel_id`` (else the user's DM); the Slack file id, or None."""
    offer = reply.file
    if offer is None:
        return None
    try:
        data = await asyncio.to_thread(offer.render)  # a PDF takes a while: not on the event loop
        if not channel_id:
            opened = await client.conversations_open(users=user_id)
            channel_id = opened["channel"]["id"]
        response = await client.files_upload_v2(channel=channel_id, content=data, filename=offer.name,
                                                title=offer.name, initial_comment=offer.title, thread_ts=thread_ts)
    except SlackApiError as error:
        log.warning("file upload failed", extra={"error": error.response.get("error")})
    except Exception:  # the upload's own HTTP step raises SlackRequestError, rendering may fail too
        log.exception("file upload failed")
    else:
        file = response.get("file") or {}
        return str(file.get("id") or "") or None
    await to_conversation(client=client, reply=Reply(text=msg.FILE_SHARE_FAILED, tone="warning", ephemeral=True),
                          channel_id=channel_id, user_id=user_id)
    return None
