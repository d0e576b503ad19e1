"""Bolt's lazy listeners, run as tasks that cannot be collected before they finish.

Bolt's ``AsyncioLazyListenerRunner`` starts each lazy listener with ``asyncio.ensure_future`` and
keeps no reference to the task. asyncio holds only weak references to running tasks, so under
load the garbage collector destroyed pending listeners ("Task was destroyed but it is pending"):
a button's justering or a watcher's answer was simply never done. This runner keeps every task
until it ends. Bolt has no constructor argument for it; ``install`` swaps it in after construction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncApp
from slack_bolt.lazy_listener.async_internals import to_runnable_function
from slack_bolt.lazy_listener.asyncio_runner import AsyncioLazyListenerRunner
from slack_bolt.request.async_request import AsyncBoltRequest


class KeptLazyListenerRunner(AsyncioLazyListenerRunner):
    """Starts lazy listeners like Bolt does, and holds each task until it is done."""

    def __init__(self, *, logger) -> None:  # type: ignore[no-untyped-def]
        super().__init__(logger=logger)
        self._running: set[asyncio.Future[None]] = set()

    def start(self, function: Callable[..., Awaitable[None]], request: AsyncBoltRequest) -> None:
        task = asyncio.ensure_future(to_runnable_function(internal_func=function, logger=self.logger, request=request))
        self._running.add(task)
        task.add_done_callback(self._running.discard)


def install(app: AsyncApp) -> None:
    """Replace the app's lazy-listener runner (a private attribute: Bolt offers no other way)."""
    runner = app._async_listener_runner  # noqa: SLF001 - see the module docstring
    runner.lazy_listener_runner = KeptLazyListenerRunner(logger=runner.logger)
