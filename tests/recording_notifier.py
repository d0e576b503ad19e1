"""A Notifier test double that records posts and can fail on demand."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

from bot.render_text import render_text
from handlers.notify import DeliveryError, Destination
from handlers.reply import Reply


class RecordingNotifier:
    """Records ``(destination, rendered text)``; ``failures`` are raised in order before succeeding."""

    def __init__(self, *, platform: str = "slack", fail_with: Callable[[Destination, Reply], DeliveryError | None]
                 | None = None) -> None:
        self.platform = platform
        self.posts: list[tuple[Destination, str]] = []
        self.failures: list[DeliveryError] = []
        self._fail_with = fail_with
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def post(self, *, destination: Destination, reply: Reply) -> str:
        with self._lock:
            if self.failures:
                raise self.failures.pop(0)
            error = self._fail_with(destination, reply) if self._fail_with else None
            if error is not None:
                raise error
            self.posts.append((destination, render_text(reply)))
            return f"{destination.address}:{next(self._ids)}"
