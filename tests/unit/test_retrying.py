"""bot.retrying: tenacity's loop with the caller's policy (issue 21: Teams retries with tenacity)."""

from __future__ import annotations

import asyncio

import pytest

from bot.retrying import call_with_retries


class Throttled(Exception):
    def __init__(self, retry_after: float | None = None) -> None:
        super().__init__("429")
        self.retry_after = retry_after


class Flaky:
    """Raises the queued errors in turn, then answers."""

    def __init__(self, *errors: Exception) -> None:
        self.errors, self.calls = list(errors), 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "postat"


def _run(flaky: Flaky, *, attempts: int = 5) -> tuple[object, list[float]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    def delay(*, attempt: int, error: BaseException) -> float:
        after = getattr(error, "retry_after", None)
        return after if after is not None else 0.5 * 2**attempt

    async def go() -> object:
        return await call_with_retries(flaky, attempts=attempts, retryable=lambda e: isinstance(e, Throttled),
                                       delay=delay, sleep=sleep)

    return asyncio.run(go()), slept


def test_retryable_errors_are_waited_out_with_the_callers_delays() -> None:
    flaky = Flaky(Throttled(), Throttled(retry_after=7.0), Throttled())
    result, slept = _run(flaky)
    assert (result, flaky.calls, slept) == ("postat", 4, [0.5, 7.0, 2.0])


def test_other_errors_are_raised_at_once_unwrapped() -> None:
    flaky = Flaky(ValueError("kanalen finns inte"))
    with pytest.raises(ValueError, match="kanalen finns inte"):
        _run(flaky)
    assert flaky.calls == 1


def test_attempts_are_bounded_and_the_last_error_is_raised() -> None:
    flaky = Flaky(*(Throttled(retry_after=float(n)) for n in range(10)))
    with pytest.raises(Throttled) as raised:
        _run(flaky, attempts=3)
    assert flaky.calls == 3 and raised.value.retry_after == 2.0
