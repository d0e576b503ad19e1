"""A protocol file sent to the bot in Teams: download it, import it as the sender, reply with the summary.

In a personal chat (and a group chat) Teams attaches a sent file as
``application/vnd.microsoft.teams.file.download.info`` whose ``content.downloadUrl`` is a
short-lived, pre-authorised link; the Emulator and other channels send a plain attachment with
``contentUrl``. In a team channel the file stays in SharePoint and only a link in the message
HTML reaches the bot, which it cannot open without Graph permissions — so there the bot tells
the sender to send the file in a personal chat instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from bot.teams.activity import conversation_type, installation_invocation, mentions_bot, syntax_for
from bot.teams.cards import reply_activity
from bot.teams.outgoing import as_activity
from bot.uploads import (
    MAX_FILES_PER_MESSAGE,
    DownloadError,
    display_name,
    download,
    download_failed,
    import_from_chat,
    is_loopback,
    unsupported,
)
from handlers.archive import texts
from handlers.context import Invocation, Services
from handlers.reply import Reply

log = logging.getLogger("samverkan.teams.uploads")

FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
NOT_FILES = ("text/html", "application/vnd.microsoft.card.", "application/vnd.microsoft.teams.card.")


@dataclass(frozen=True)
class SentFile:
    """One file of a message: the name to show and where to fetch it."""

    name: str
    url: str


def sent_files(activity: Activity) -> list[SentFile]:
    """The downloadable files of a message (cards and the message's own HTML are not files)."""
    found: list[SentFile] = []
    for attachment in activity.attachments or []:
        kind = attachment.content_type or ""
        content = attachment.content if isinstance(attachment.content, dict) else {}
        if kind == FILE_DOWNLOAD_INFO and content.get("downloadUrl"):
            name = display_name(name=attachment.name, content_type=None)
            found.append(SentFile(name=name, url=str(content["downloadUrl"])))
        elif attachment.content_url and not kind.startswith(NOT_FILES):
            found.append(SentFile(name=display_name(name=attachment.name, content_type=kind),
                                  url=attachment.content_url))
    return found


def links_a_file(activity: Activity) -> bool:
    """A channel post with a file: a file attachment, or an ``<attachment>`` tag in its HTML."""
    if sent_files(activity):
        return True
    return any((a.content_type or "") == "text/html" and "<attachment" in str(a.content or "")
               for a in activity.attachments or [])


def fetchable(url: str) -> bool:
    """Teams hands out https links; plain http only to this machine (the Emulator, test fakes)."""
    return urlsplit(url).scheme == "https" or is_loopback(url)


async def answer_upload(*, turn_context: TurnContext, services: Services, claim: Callable[[str], bool],
                        key: str | None) -> bool:
    """Handle a message that carries files; False when it carries none (then it is a command)."""
    activity = turn_context.activity
    in_channel = conversation_type(activity) == "channel"
    if in_channel and not (mentions_bot(activity) and links_a_file(activity)):
        return False
    files = [] if in_channel else sent_files(activity)
    if not in_channel and not files:
        return False
    if key is not None and not await asyncio.to_thread(claim, key):
        log.info("duplicate teams upload ignored", extra={"key": key})
        return True
    if in_channel:
        await turn_context.send_activity(as_activity(reply_activity(Reply(text=texts.UPLOAD_IN_TEAMS_CHANNEL,
                                                                          tone="info"))))
        return True
    inv = installation_invocation(activity)  # no command: the sender, here, in their tenant
    for sent in files[:MAX_FILES_PER_MESSAGE]:
        reply = await import_sent_file(services=services, inv=inv, sent=sent)
        await turn_context.send_activity(as_activity(reply_activity(
            reply, syntax=syntax_for(conversation_type(turn_context.activity)))))
    return True


async def import_sent_file(*, services: Services, inv: Invocation, sent: SentFile) -> Reply:
    """One file: refuse a type the import cannot read before downloading, then fetch and import."""
    refusal = unsupported(name=sent.name)
    if refusal is not None:
        return refusal
    if not fetchable(sent.url):
        return download_failed(name=sent.name, reason=texts.UPLOAD_BAD_LINK)
    try:
        content = await download(url=sent.url)
    except DownloadError as error:
        return download_failed(name=sent.name, reason=error.reason)
    return await asyncio.to_thread(import_from_chat, services=services, inv=inv, filename=sent.name, content=content)
