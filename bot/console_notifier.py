"""The terminal's Notifier: prints a post with the channel it would have gone to.

Used by ``samverkan reminders dispatch`` when neither Slack nor Teams is configured, and for
the terminal chat's own channels (platform "console"), so the reminder flow can be tried with
nothing but a SQLite file.
"""

from __future__ import annotations

import itertools
import sys
import threading
from typing import TextIO

from bot.render_text import render_text
from handlers.notify import Destination
from handlers.reply import Reply
from handlers.syntax import TERMINAL, in_syntax


class ConsoleNotifier:
    """Prints each post; the message id is a running number, unique within the process."""

    platform = "console"

    def __init__(self, *, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._ids = itertools.count(1)
        self._lock = threading.Lock()  # the sweep posts from several threads

    def post(self, *, destination: Destination, reply: Reply) -> str:
        """Print ``reply`` under a header naming the destination."""
        where = f"@{destination.address}" if destination.kind == "person" else f"#{destination.address}"
        with self._lock:
            number = next(self._ids)
            stream = self._stream or sys.stdout
            if destination.platform == "console":  # read at the terminal: commands as typed at its prompt
                reply = in_syntax(reply, syntax=TERMINAL)
            stream.write(f"── {destination.platform} {where} ──\n{render_text(reply)}\n\n")
            stream.flush()
        return f"console:{number}"
