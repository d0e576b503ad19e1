"""The Slack side of the Notifier port: reminders and notices from the outbox.

Synchronous, because the outbox sweep runs in a worker thread. It does not retry by itself:
a 429 becomes ``DeliveryError(retry_after=…)`` and the outbox reschedules the row, so a
rate-limited workspace never blocks the sweep; a channel that is gone is reported as permanent.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import render_pages
from bot.slack.clients import sync_web_client
from bot.slack.payloads import PLATFORM
from handlers.notify import DeliveryError, Destination
from handlers.reply import Reply

PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "user_not_found", "user_disabled",
    "account_inactive", "cannot_dm_bot", "invalid_auth", "token_revoked", "team_access_not_granted",
    "restricted_action", "missing_scope",
})
DEFAULT_RETRY_AFTER = 30.0

TokenLookup = Callable[[str], str | None]


class SlackNotifier:
    """Posts outbox replies with ``chat.postMessage`` (DMs through ``conversations.open``)."""

    platform = PLATFORM

    def __init__(self, *, token_for: TokenLookup, base_url: str | None) -> None:
        self._token_for = token_for
        self._base_url = base_url
        self._clients: dict[str, WebClient] = {}

    def _client(self, team_id: str) -> WebClient:
        token = self._token_for(team_id)
        if not token:
            raise DeliveryError(f"no Slack token for workspace {team_id}", permanent=True)
        client = self._clients.get(token)
        if client is None:
            client = self._clients[token] = sync_web_client(token=token, base_url=self._base_url)
        return client

    def post(self, *, destination: Destination, reply: Reply) -> str:
        """Post every page of ``reply``; the first page's ``channel:ts`` is the message id."""
        client = self._client(destination.tenant_external_id)
        try:
            channel = self._channel(client=client, destination=destination)
            first = ""
            for message in render_pages(reply=reply):
                response = client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)
                first = first or f"{response['channel']}:{response['ts']}"
            return first
        except SlackApiError as error:
            raise _delivery_error(error) from error

    @staticmethod
    def _channel(*, client: WebClient, destination: Destination) -> str:
        if destination.kind != "person":
            return destination.address
        known = (destination.reference or {}).get("channel_id")
        if known:
            return str(known)
        opened = client.conversations_open(users=destination.address)
        return str(opened["channel"]["id"])


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


def installed_tokens(store: object) -> TokenLookup:
    """The lookup for OAuth installs: the bot token saved for each workspace."""

    def lookup(team_id: str) -> str | None:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)  # type: ignore[attr-defined]
        return bot.bot_token if bot is not None else None

    return lookup
