"""Retry an awaited platform call with tenacity: bounded attempts, a delay per attempt, one exception
filter. The policy (which errors, how long to wait) stays with the caller that knows the platform.

Teams' connector throttles (429) and has bad moments (412, 502, 504); ``bot.teams.retry`` decides
which of those to retry and for how long (``Retry-After`` wins, else exponential backoff with jitter)
and hands the loop itself to this module, so the retry loop is tenacity's, not ours.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

T = TypeVar("T")


class Delay(Protocol):
    """Seconds to wait after failed attempt number ``attempt`` (0-based) that raised ``error``."""

    def __call__(self, *, attempt: int, error: BaseException) -> float: ...


async def call_with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    attempts: int,
    retryable: Callable[[BaseException], bool],
    delay: Delay,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Await ``call()`` up to ``attempts`` times while it raises a ``retryable`` error.

    A non-retryable error, or the last attempt's error, is raised as it is (not wrapped in tenacity's
    ``RetryError``), so callers' ``except`` clauses keep working."""

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome is not None else None
        assert error is not None  # tenacity waits only after a failed attempt
        return delay(attempt=state.attempt_number - 1, error=error)

    async def attempt() -> T:
        # tenacity awaits only what it recognises as a coroutine function; a lambda returning a
        # coroutine would come back unawaited, so every call goes through this async def.
        return await call()

    retrying = AsyncRetrying(stop=stop_after_attempt(attempts), retry=retry_if_exception(retryable), wait=wait,
                             sleep=sleep, reraise=True)
    return await retrying(attempt)
