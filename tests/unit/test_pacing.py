"""The per-channel pacer: the next post waits one interval after the previous one could have arrived."""

from __future__ import annotations

import pytest

from schedules import pacing
from schedules.pacing import MARGIN, Pacer


class Clock:
    """A monotonic clock the test moves by hand; ``sleep`` advances it."""

    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(pacing.time, "monotonic", fake.monotonic)
    monkeypatch.setattr(pacing.time, "sleep", fake.sleep)
    return fake


def test_a_quick_post_is_spaced_from_its_start_plus_the_margin(clock: Clock) -> None:
    pacer = Pacer()
    started = clock.now
    clock.now += 0.002  # the post took 2 ms
    pacer.posted(key="C1", interval=1.0, started=started)
    pacer.wait(key="C1")
    assert clock.now == pytest.approx(started + 1.0 * (1 + MARGIN))


def test_a_slow_post_is_spaced_from_its_end(clock: Clock) -> None:
    """Slack may have accepted a post that took 400 ms at its very end: starting the next one
    1.03 s after the first *started* would reach Slack 0.63 s after it — a 429."""
    pacer = Pacer()
    started = clock.now
    clock.now += 0.4
    ended = clock.now
    pacer.posted(key="C1", interval=1.0, started=started)
    pacer.wait(key="C1")
    assert clock.now == pytest.approx(ended + 1.0)


def test_destinations_are_paced_apart_and_a_block_is_never_shortened(clock: Clock) -> None:
    pacer = Pacer()
    pacer.block(key="C1", seconds=5.0)
    pacer.posted(key="C1", interval=1.0, started=clock.now)
    began = clock.now
    pacer.wait(key="C2")  # another channel: no wait
    assert clock.now == began
    pacer.wait(key="C1")
    assert clock.now == pytest.approx(began + 5.0)
