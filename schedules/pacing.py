"""Per-destination spacing of posts, shared by every sweep of one process.

Slack allows about one message per second per channel. The platform accepted the previous post
somewhere between its start and its end, so the next may start one interval after the *later*
of: its start plus a small margin for arrival jitter, and its end. On a quiet machine a post
takes milliseconds and the margin decides; on a loaded one (30 sweep threads rendering at once)
a post can reach the platform long after it started, and spacing from the start alone made the
next one arrive early — a 429 whose Retry-After costs a whole interval, where waiting for the
end costs only the post's own duration. The spacing survives from one sweep to the next — a new
sweep must not fire at a channel the previous sweep posted to a moment ago. A 429's Retry-After
blocks the destination that long.
"""

from __future__ import annotations

import threading
import time

MARGIN = 0.03  # share of the interval added against arrival jitter


class Pacer:
    """Next allowed post time per destination key (monotonic clock)."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, *, key: str) -> None:
        """Sleep until ``key`` may be posted to again."""
        with self._lock:
            until = self._next.get(key, 0.0)
        delay = until - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def posted(self, *, key: str, interval: float, started: float) -> None:
        """A post to ``key`` that started at ``started`` (monotonic) has just ended: space the next one."""
        ended = time.monotonic()
        with self._lock:
            self._next[key] = max(self._next.get(key, 0.0), started + interval * (1 + MARGIN), ended + interval)

    def block(self, *, key: str, seconds: float) -> None:
        """Keep ``key`` quiet for ``seconds`` (never shortens an existing block)."""
        with self._lock:
            self._next[key] = max(self._next.get(key, 0.0), time.monotonic() + seconds)
