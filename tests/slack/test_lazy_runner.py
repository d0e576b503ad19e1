"""Lazy listeners are kept until they finish: asyncio holds running tasks only weakly, and Bolt's
own runner keeps no reference, so under load a pending listener (a justering, a watcher answer)
was collected and never done."""

from __future__ import annotations

import asyncio
import gc
import logging

from bot.slack.lazy import KeptLazyListenerRunner


def test_a_started_lazy_listener_survives_garbage_collection_and_finishes() -> None:
    done: list[str] = []

    async def listener() -> None:
        await asyncio.sleep(0.05)
        done.append("yes")

    async def main() -> None:
        runner = KeptLazyListenerRunner(logger=logging.getLogger("test"))
        runner.start(listener, request=_Request())  # type: ignore[arg-type]
        gc.collect()
        await asyncio.sleep(0.2)
        assert not runner._running  # forgotten once finished

    asyncio.run(main())
    assert done == ["yes"]


def test_the_app_uses_the_keeping_runner(slack_services) -> None:  # type: ignore[no-untyped-def]
    from bot.slack.app import build_bolt_app

    app = build_bolt_app(services=slack_services, settings=slack_services.extras["settings"])
    assert isinstance(app._async_listener_runner.lazy_listener_runner, KeptLazyListenerRunner)


class _Request:
    """The part of a Bolt request ``to_runnable_function`` reads."""

    def __init__(self) -> None:
        from slack_bolt.context.async_context import AsyncBoltContext

        self.context = AsyncBoltContext()
        self.body: dict[str, object] = {}
        self.lazy_only = True
        self.lazy_function_name = None

    def to_copyable(self) -> _Request:
        return self
