"""The Slack fake with a failure share, latency and (for the bench) a per-channel rate limit.

Wraps ``tests/fakes/slack_api.FakeSlack``: ``chat.postMessage`` calls are answered here so that
only accepted posts land in ``delivered``; every other method goes to the fake unchanged. Accepted
posts are also kept in the fake's history (timestamps from the clock, with their metadata), so
``conversations.history`` finds them as Slack would.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.fakes import slack_api
from tests.fakes.slack_api import FakeSlack

REMINDER_ID = re.compile(r"uppdrag #(\d+)")


@dataclass
class ChaosSlack(FakeSlack):
    """``failure_share`` of posts answer 429 (Retry-After) or 500; ``min_interval`` per channel → 429."""

    failure_share: float = 0.0
    latency: float = 0.0
    min_interval: float = 0.0
    retry_after: float = 1.0
    delivered: list[dict[str, Any]] = field(default_factory=list)
    refused: Counter[int] = field(default_factory=Counter)
    _rng: random.Random = field(default_factory=lambda: random.Random(7))
    _last: dict[str, float] = field(default_factory=dict)
    _gate: threading.Lock = field(default_factory=threading.Lock)
    real_ts: bool = True
    # Called with the request's Authorization header after a post was accepted and before the
    # answer is sent: the moment a client that dies leaves a post on Slack it never recorded.
    on_accept: Callable[[str], None] | None = None

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        if not request.path.startswith("/api/chat.postMessage"):
            super()._handle(request)
            return
        args = slack_api.read_args(request)
        if self.latency:
            time.sleep(self.latency)
        channel = str(args.get("channel"))
        with self._gate:
            now = time.monotonic()
            status = 0
            if self.min_interval and now - self._last.get(channel, -1e9) < self.min_interval:
                status = 429
            elif self._rng.random() < self.failure_share:
                status = self._rng.choice((429, 500))
            if status:
                self.refused[status] += 1
            else:
                self._last[channel] = now
                ts = self.next_ts()
                self.delivered.append({"channel": channel, "ts": ts, "text": args.get("text"),
                                       "blocks": args.get("blocks"), "metadata": args.get("metadata")})
                self.remember_post(channel=channel, ts=ts, args=args)
        if not status and self.on_accept is not None:
            self.on_accept(request.headers.get("Authorization", ""))
        if status == 429:
            self._send(request, 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": f"{self.retry_after:g}"})
        elif status:
            self._send(request, 500, {"ok": False, "error": "fatal_error"}, {})
        else:
            self._send(request, 200, {"ok": True, "channel": channel, "ts": ts}, {})

    def reminder_counts(self) -> Counter[int]:
        """How many delivered messages named each assignment (digests excluded)."""
        counts: Counter[int] = Counter()
        with self._gate:
            messages = list(self.delivered)
        for message in messages:
            if str(message["text"]).startswith("*Veckosammanfattning") or "Veckosammanfattning" in str(
                    message["text"])[:40]:
                continue
            blob = f"{message['text']} {json.dumps(message['blocks'], ensure_ascii=False)}"
            counts.update({int(n) for n in REMINDER_ID.findall(blob)})
        return counts
