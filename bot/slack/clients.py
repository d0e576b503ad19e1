"""Slack Web API clients, all pointed at ``SLACK_API_URL`` when it is set.

A configurable base URL serves GovSlack, corporate proxies and the local fake the tests run.
Interactive posts retry on 429 (after ``Retry-After``) and on 5xx; the notifier's client does
not, because the outbox reschedules a failed reminder itself and must learn ``Retry-After``.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

DEFAULT_API_URL = "https://slack.com/api/"
TIMEOUT_SECONDS = 10


def api_url(configured: str | None) -> str:
    """The Web API base URL with the trailing slash slack_sdk expects."""
    url = (configured or DEFAULT_API_URL).strip()
    return url if url.endswith("/") else url + "/"


def _async_retries() -> list:  # type: ignore[type-arg]
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        AsyncServerErrorRetryHandler(max_retry_count=2),
    ]


def async_web_client(*, token: str | None, base_url: str | None) -> AsyncWebClient:
    """The client Bolt hands to listeners (copied per request with the installation's token)."""
    return AsyncWebClient(token=token, base_url=api_url(base_url), timeout=TIMEOUT_SECONDS,
                          retry_handlers=_async_retries())


def webhook_client(*, url: str) -> AsyncWebhookClient:
    """A client for one ``response_url`` (answers to slash commands and button clicks)."""
    return AsyncWebhookClient(url=url, timeout=TIMEOUT_SECONDS, retry_handlers=_async_retries())


def sync_web_client(*, token: str | None, base_url: str | None, retry_connection: bool = True) -> WebClient:
    """The notifier's client: retries lost connections only; 429 goes back to the outbox.

    ``retry_connection=False`` for posts: a connection lost after Slack accepted the message must
    not be re-sent blindly; the outbox looks the post up before it tries again."""
    handlers = [ConnectionErrorRetryHandler(max_retry_count=1)] if retry_connection else []
    return WebClient(token=token, base_url=api_url(base_url), timeout=TIMEOUT_SECONDS, retry_handlers=handlers)
