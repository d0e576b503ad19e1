"""Each Socket Mode event and each reminder tick logs under an id of its own.

Over HTTP the aiohttp middleware gives every request its id; before this, a Socket Mode event (all
arrive on one WebSocket) and a reminder sweep (a scheduler thread) logged under one id for the whole
process, so one event's lines could not be told from the next one's."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp import web

from bot.logs import new_request_id, request_id
from bot.slack.socket import attach_socket_mode
from schedules.scheduler import reminder_tick


class _RecordingBolt:
    """Stands in for Bolt's AsyncApp: keeps the global middleware attach_socket_mode registers."""

    def __init__(self) -> None:
        self.middleware: list = []

    def use(self, middleware) -> None:  # noqa: ANN001 - Bolt's own signature
        self.middleware.append(middleware)


def test_each_socket_mode_event_gets_its_own_id() -> None:
    bolt = _RecordingBolt()
    attach_socket_mode(web.Application(), bolt=bolt, app_token="xapp-test", api_url=None)  # type: ignore[arg-type]
    assert len(bolt.middleware) == 1
    seen: list[str] = []

    async def listener() -> None:
        seen.append(request_id.get())

    async def two_events() -> None:
        request_id.set("prosessens-id")
        await bolt.middleware[0](next_=listener)
        await bolt.middleware[0](next_=listener)

    asyncio.run(two_events())
    assert len(set(seen)) == 2 and "prosessens-id" not in seen and "-" not in seen


def test_each_reminder_tick_gets_its_own_id() -> None:
    seen: list[str] = []

    def broken_sessions():  # noqa: ANN202 - the tick logs the failure and goes on
        seen.append(request_id.get())
        raise RuntimeError("databasen svarar inte")

    for _ in range(2):
        reminder_tick(sessions=broken_sessions, registry=None, clock=lambda: datetime(2026, 12, 4, tzinfo=UTC),
                      before=new_request_id)  # type: ignore[arg-type]
    assert len(set(seen)) == 2 and "-" not in seen
