"""Per-destination spacing of posts, shared by every sweep of one process.

Slack allows about one message per second per channel. Spacing is measured from the *start*
of the previous post plus a small margin for arrival jitter (measuring from its end would add
the post's own duration to every interval); a rare early arrival costs one short, waited-out
429. The spacing survives from one sweep to the next — a new sweep must not fire at a channel
the previous sweep posted to a moment ago. A 429's Retry-After blocks the destination that long.
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
        """A post to ``key`` that started at ``started`` (monotonic) is done: space the next one."""
        with self._lock:
            self._next[key] = max(self._next.get(key, 0.0), started + interval * (1 + MARGIN))

    def block(self, *, key: str, seconds: float) -> None:
        """Keep ``key`` quiet for ``seconds`` (never shortens an existing block)."""
        with self._lock:
            self._next[key] = max(self._next.get(key, 0.0), time.monotonic() + seconds)
