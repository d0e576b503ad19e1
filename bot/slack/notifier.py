"""The Slack side of the Notifier port: reminders and notices from the outbox.

Synchronous, because the outbox sweep runs in a worker thread. It does not retry by itself:
a 429 becomes ``DeliveryError(retry_after=…)`` and the outbox reschedules the row, so a
rate-limited workspace never blocks the sweep; a channel that is gone is reported as permanent.

Exactly once across crashes: every page of an outbox post carries its ``PostMarker`` as Slack
message metadata (``event_type`` ``samverkan_outbox``; posting metadata needs no extra scope).
``find_posted`` reads the conversation's history in the attempt's window with
``include_all_metadata`` (``channels:history``, ``groups:history``, ``im:history``) and reports
the rows whose post is complete (its last page is there), so a sweep that takes over rows from
a dead claimer records that post instead of repeating it. Where history cannot be read (the bot
is not a member of a public channel it posts to with ``chat:write.public``, or an install lacks
the scope) the answer is "unknown" and the post is repeated: at-least-once there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from http.client import HTTPException
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.slack.blocks import render_pages
from bot.slack.clients import sync_web_client
from bot.slack.payloads import PLATFORM
from handlers.context import Services
from handlers.notify import DeliveryError, Destination, PostMarker
from handlers.reply import Reply

log = logging.getLogger("samverkan.reminders")

PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "user_not_found", "user_disabled",
    "account_inactive", "cannot_dm_bot", "invalid_auth", "token_revoked", "team_access_not_granted",
    "restricted_action", "missing_scope",
})
DEFAULT_RETRY_AFTER = 30.0
METADATA_EVENT = "samverkan_outbox"
# Slack's ts is the server's clock, the attempt time ours: the window is widened by this much.
CLOCK_MARGIN = timedelta(minutes=2)
# conversations.history pages: 15 is the most non-Marketplace apps may ask for since 2025.
HISTORY_PAGE = 15
HISTORY_PAGES = 40  # 600 messages in one attempt's window; beyond that the answer is "unknown"
# Reading history fails like this when the bot may post but not read: the answer is "unknown".
UNREADABLE = frozenset({"not_in_channel", "missing_scope", "channel_not_found", "access_denied"})

TokenLookup = Callable[[str], str | None]


class SlackNotifier:
    """Posts outbox replies with ``chat.postMessage`` (DMs through ``conversations.open``)."""

    platform = PLATFORM

    def __init__(self, *, token_for: TokenLookup, base_url: str | None) -> None:
        self._token_for = token_for
        self._base_url = base_url
        self._clients: dict[str, WebClient] = {}

    def _client(self, team_id: str, *, posting: bool = False) -> WebClient:
        """The workspace's client; ``posting``: one that never re-sends after a lost connection."""
        token = self._token_for(team_id)
        if not token:
            raise DeliveryError(f"no Slack token for workspace {team_id}", permanent=True)
        key = f"post:{token}" if posting else token
        client = self._clients.get(key)
        if client is None:
            client = self._clients[key] = sync_web_client(token=token, base_url=self._base_url,
                                                          retry_connection=not posting)
        return client

    def post(self, *, destination: Destination, reply: Reply, marker: PostMarker | None = None) -> str:
        """Post every page of ``reply``; the first page's ``channel:ts`` is the message id.

        With ``marker`` every page carries it as message metadata, for ``find_posted``."""
        client = self._client(destination.tenant_external_id)
        poster = self._client(destination.tenant_external_id, posting=True)
        try:
            channel = self._channel(client=client, destination=destination)
            first = ""
            pages = render_pages(reply=reply)
            for number, message in enumerate(pages, start=1):
                extra: dict[str, Any] = {}
                if marker is not None:
                    extra["metadata"] = post_metadata(marker=marker, page=number, pages=len(pages))
                response = poster.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks,
                                                   **extra)
                first = first or f"{response['channel']}:{response['ts']}"
            return first
        except SlackApiError as error:
            raise _delivery_error(error) from error
        except (OSError, HTTPException) as error:  # timeout, reset, refused: Slack may have the post or not
            raise DeliveryError(f"connection to Slack lost: {error!r}") from error

    def find_posted(self, *, destination: Destination, marker: PostMarker, since: datetime,
                    until: datetime | None = None) -> dict[int, str] | None:
        """The rows of ``marker`` that a complete post of ``marker.batch`` already delivered.

        Reads ``conversations.history`` from ``since`` (to ``until``), less ``CLOCK_MARGIN``,
        newest first, ``HISTORY_PAGE`` messages a call. ``None`` ("unknown") when the history
        cannot be read or the window holds more than ``HISTORY_PAGES`` pages; a 429 or 5xx is a
        ``DeliveryError`` (retry later)."""
        client = self._client(destination.tenant_external_id)
        wanted = set(marker.rows)
        first_pages: dict[int, str] = {}
        complete: dict[int, str] = {}
        try:
            channel = self._channel(client=client, destination=destination)
            window: dict[str, Any] = {"oldest": _ts(since - CLOCK_MARGIN)}
            if until is not None:
                window["latest"] = _ts(until + CLOCK_MARGIN)
            cursor: str | None = None
            for _ in range(HISTORY_PAGES):
                response = client.conversations_history(channel=channel, limit=HISTORY_PAGE, include_all_metadata=True,
                                                        inclusive=True, cursor=cursor, **window)
                for message in response.get("messages") or []:
                    found = _marked(message=message, batch=marker.batch)
                    if found is None:
                        continue
                    rows, page, pages = found
                    message_id = f"{channel}:{message.get('ts')}"
                    for row in rows & wanted:
                        if page == 1:
                            first_pages[row] = message_id
                        if page == pages:
                            complete[row] = message_id
                cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
                if not response.get("has_more") or not cursor:
                    return {row: first_pages.get(row, message_id) for row, message_id in complete.items()}
        except SlackApiError as error:
            code = error.response.get("error") if isinstance(error.response.data, dict) else None
            if code in UNREADABLE:
                log.warning("cannot read back posts in %s (%s): a repeated post is possible", destination.address, code)
                return None
            raise _delivery_error(error) from error
        except (OSError, HTTPException) as error:
            raise DeliveryError(f"connection to Slack lost: {error!r}") from error
        log.warning("more than %d messages in %s since %s: cannot tell whether batch %s was posted",
                    HISTORY_PAGE * HISTORY_PAGES, destination.address, since, marker.batch)
        return None

    @staticmethod
    def _channel(*, client: WebClient, destination: Destination) -> str:
        if destination.kind != "person":
            return destination.address
        known = (destination.reference or {}).get("channel_id")
        if known:
            return str(known)
        opened = client.conversations_open(users=destination.address)
        return str(opened["channel"]["id"])


def post_metadata(*, marker: PostMarker, page: int, pages: int) -> dict[str, Any]:
    """The message metadata of one page of an outbox post (row ids as one string: Slack's
    metadata payload takes scalars and objects, not lists of numbers)."""
    return {"event_type": METADATA_EVENT, "event_payload": {
        "batch": marker.batch, "rows": ",".join(str(row) for row in marker.rows), "page": page, "pages": pages}}


def _marked(*, message: dict[str, Any], batch: str) -> tuple[set[int], int, int] | None:
    """(rows, page, pages) of a history message that carries ``batch``'s metadata, else None."""
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    if metadata.get("event_type") != METADATA_EVENT or payload.get("batch") != batch:
        return None
    try:
        rows = {int(part) for part in str(payload.get("rows") or "").split(",") if part.strip()}
        return rows, int(payload.get("page") or 1), int(payload.get("pages") or 1)
    except ValueError:
        return None


def _ts(moment: datetime) -> str:
    return f"{moment.timestamp():.6f}"


def _delivery_error(error: SlackApiError) -> DeliveryError:
    """Map a Web API failure to the outbox's retry policy."""
    response = error.response
    code = response.get("error") if isinstance(response.data, dict) else None
    if response.status_code == 429:
        header = response.headers.get("Retry-After") or response.headers.get("retry-after")
        try:
            retry_after = float(header[0] if isinstance(header, list) else header)
        except (TypeError, ValueError):
            retry_after = DEFAULT_RETRY_AFTER
        return DeliveryError(f"rate limited ({code or 429})", retry_after=retry_after)
    if code in PERMANENT_ERRORS:
        return DeliveryError(f"Slack refused the post: {code}", permanent=True)
    return DeliveryError(f"Slack error {response.status_code}: {code or 'unknown'}")


def single_token(token: str) -> TokenLookup:
    """The lookup for a single-workspace install (``SLACK_BOT_TOKEN``)."""
    return lambda _team_id: token


def notifier_from_settings(*, settings: Settings, services: Services) -> SlackNotifier:
    """The Slack notifier for this deployment: installed workspaces' tokens (OAuth) or the one bot token."""
    from bot.slack.app import uses_oauth

    if uses_oauth(settings):
        from bot.slack.oauth import installation_store, rotating_bot_tokens

        store = installation_store(client_id=settings.slack_client_id or "", engine=services.extras["engine"],
                                   token_key=settings.slack_token_key.get_secret_value())
        secret = settings.slack_client_secret.get_secret_value() if settings.slack_client_secret else ""
        return SlackNotifier(token_for=rotating_bot_tokens(store=store, client_id=settings.slack_client_id or "",
                                                           client_secret=secret, api_url=settings.slack_api_url),
                             base_url=settings.slack_api_url)
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    return SlackNotifier(token_for=single_token(token), base_url=settings.slack_api_url)
