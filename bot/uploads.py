"""A protocol file sent to the bot in chat: the parts Slack and Teams share.

The adapters only know where their platform keeps the file; checking the type before any
download, fetching with a size cap, and running ``import_upload`` in its own transaction are
the same on both platforms and live here, so the two cannot drift apart.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Mapping
from pathlib import PurePath
from urllib.parse import urlsplit

import aiohttp

from handlers import messages as msg
from handlers.archive import texts
from handlers.archive.batch import SUFFIXES
from handlers.archive.upload import MAX_UPLOAD_BYTES, import_upload
from handlers.context import Invocation, Services
from handlers.reply import Reply
from handlers.scope import resolve_scope

log = logging.getLogger("samverkan.uploads")

DOWNLOAD_TIMEOUT_SECONDS = 60
CHUNK_BYTES = 64 * 1024
MAX_FILES_PER_MESSAGE = 10  # a message with more attachments than this is not a protocol upload
_SUFFIX_OF_TYPE = {"text/plain": ".txt", "text/markdown": ".md", "application/pdf": ".pdf"}


class DownloadError(Exception):
    """The platform did not hand over the file; ``reason`` is shown to the uploader in Swedish."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def display_name(*, name: str | None, content_type: str | None) -> str:
    """A file name for the summary; a nameless attachment gets one from its content type."""
    clean = PurePath(name or "").name
    if clean:
        return clean
    suffix = _SUFFIX_OF_TYPE.get((content_type or "").split(";")[0].strip().lower(), "")
    return f"uppladdad{suffix}"


def unsupported(*, name: str) -> Reply | None:
    """The refusal for a file type the import cannot read, decided before anything is downloaded."""
    suffix = PurePath(name).suffix.lower()
    if suffix in SUFFIXES:
        return None
    reason = texts.UNSUPPORTED_TYPE.format(suffix=suffix or "(ingen)")
    return Reply(text=texts.UPLOAD_FAILED.format(name=name, reason=reason), tone="error", ephemeral=True)


def download_failed(*, name: str, reason: str) -> Reply:
    """What the uploader sees when the platform would not give us the file."""
    return Reply(text=texts.UPLOAD_NOT_FETCHED.format(name=name, reason=reason), tone="error", ephemeral=True)


def is_loopback(url: str) -> bool:
    """True for http(s)://127.0.0.1, ::1 or localhost (the Emulator and the local fakes)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def download(*, url: str, headers: Mapping[str, str] | None = None, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The file's bytes, at most ``limit + 1`` of them (enough for import_upload to refuse a big file).

    Streaming with a cap keeps a 2 GB upload from ever being held in memory. Slack answers a
    token without ``files:read`` with its HTML sign-in page and status 200, so an HTML answer
    for a non-HTML file is an error, not a protocol.
    """
    timeout = aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT_SECONDS)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session, \
                session.get(url, headers=dict(headers or {})) as response:
            if response.status != 200:
                raise DownloadError(texts.UPLOAD_HTTP_STATUS.format(status=response.status))
            if response.content_type == "text/html":
                raise DownloadError(texts.UPLOAD_NOT_A_FILE)
            data = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK_BYTES):
                data.extend(chunk)
                if len(data) > limit:
                    break
            return bytes(data[: limit + 1])
    except (aiohttp.ClientError, TimeoutError) as error:
        raise DownloadError(texts.UPLOAD_UNREACHABLE.format(error=type(error).__name__)) from error


def import_from_chat(*, services: Services, inv: Invocation, filename: str, content: bytes) -> Reply:
    """Run ``import_upload`` as the uploader in one transaction; never raises (it runs after the ack)."""
    with services.sessions() as session:
        try:
            scope = resolve_scope(session, inv)
            reply = import_upload(session, scope=scope, filename=filename, content=content, services=services)
            session.commit()
            return reply
        except Exception:
            session.rollback()
            log.exception("chat upload failed", extra={"platform": inv.tenant.platform})
            return Reply(text=msg.GENERIC_FAILURE, tone="error", ephemeral=True)
