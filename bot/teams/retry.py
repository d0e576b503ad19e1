"""Retry connector calls that Teams throttles or that fail on the way.

The Agents SDK's connector client does not retry: a 429 from the connector (Teams allows a bot about 7 messages per
second per conversation) would lose a reply or a reminder. Teams documents 412, 429, 502 and
504 as worth retrying with exponential backoff and jitter; anything else is raised at once.
Delays are bounded so a reminder sweep or a chat turn never hangs on a throttled channel.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import aiohttp

from bot import retrying

T = TypeVar("T")

RETRY_STATUSES = frozenset({412, 429, 502, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait; ``Retry-After`` from the connector wins when given."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0

    def delay(self, *, attempt: int, retry_after: float | None, rand: Callable[[], float] = random.random) -> float:
        """Seconds to wait before try ``attempt + 1``: "equal jitter" exponential backoff."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after) + rand() * self.base_delay
        ceiling = min(self.max_delay, self.base_delay * (2**attempt))
        return ceiling / 2 + rand() * ceiling / 2


def status_of(error: BaseException) -> int | None:
    """The HTTP status behind a connector error: the Agents SDK raises aiohttp's
    ``ClientResponseError`` (``status``); other clients hang a ``response`` on the error."""
    if isinstance(error, aiohttp.ClientResponseError):
        return error.status
    response = getattr(error, "response", None)
    for name in ("status_code", "status"):
        value = getattr(response, name, None)
        if isinstance(value, int):
            return value
    return None


def retry_after_of(error: BaseException) -> float | None:
    """``Retry-After`` in seconds from the failed response (the date form is ignored)."""
    if isinstance(error, aiohttp.ClientResponseError):
        headers = error.headers or {}
    else:
        headers = getattr(getattr(error, "response", None), "headers", None) or {}
    value = headers.get("Retry-After") if hasattr(headers, "get") else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def is_retryable(error: BaseException) -> bool:
    """True for the statuses Teams asks bots to retry."""
    return status_of(error) in RETRY_STATUSES


async def call_with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Await ``call()``; on a retryable status wait and try again, at most ``policy.attempts`` times.

    The loop is tenacity's (``bot.retrying``); this module only says which errors and how long."""
    return await retrying.call_with_retries(
        call, attempts=policy.attempts, retryable=is_retryable, sleep=sleep,
        delay=lambda *, attempt, error: policy.delay(attempt=attempt, retry_after=retry_after_of(error)))
