"""Teams round trip: ``beslut UTB 22/30`` through POST /api/messages, beside a bare echo bot.

Both bots run on the same aiohttp stack against the same fake connector (127.0.0.1 only), in
this one process, one after the other; the floor is re-measured every run because figures from
another machine are not comparable. Bounded: a fixed number of activities, fixed concurrency.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

REQUESTS = 600
CONCURRENCY = 8
WARMUP = 50


class _Served:
    """An aiohttp app on 127.0.0.1:0 in its own thread and loop."""

    def __init__(self, app: web.Application) -> None:
        self.app, self.loop = app, asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        self.runner = web.AppRunner(self.app, access_log=None)

        async def start() -> str:
            await self.runner.setup()
            await web.TCPSite(self.runner, "127.0.0.1", 0).start()
            host, port = self.runner.addresses[0][:2]
            return f"http://{host}:{port}/api/messages"

        return asyncio.run_coroutine_threadsafe(start(), self.loop).result(10)

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def _echo_app() -> web.Application:
    """The floor: a bare botbuilder CloudAdapter bot that echoes the text."""
    from botbuilder.core import ActivityHandler, TurnContext
    from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

    class Config:
        APP_ID = ""
        APP_PASSWORD = ""
        APP_TYPE = "MultiTenant"
        APP_TENANTID = ""

    class Echo(ActivityHandler):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(f"Echo: {turn_context.activity.text}")

    adapter, bot = CloudAdapter(ConfigurationBotFrameworkAuthentication(Config())), Echo()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app


def _samverkan_app(database: Path) -> tuple[web.Application, Any]:
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.server import build_app
    from storage.migrate import upgrade

    url = f"sqlite:///{database}"
    upgrade(url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=url, MICROSOFT_APP_ID="",
                                                SAMVERKAN_TEAMS_UNAUTHENTICATED_LOCAL=True))  # connector on 127.0.0.1
    return build_app(services=services), services


async def _post(session: aiohttp.ClientSession, url: str, activity: dict[str, Any]) -> float:
    started = time.perf_counter()
    async with session.post(url, data=json.dumps(activity), headers={"Content-Type": "application/json"}) as response:
        await response.read()
        if response.status not in (200, 201):
            raise RuntimeError(f"{url} answered {response.status}")
    return time.perf_counter() - started


async def _load(url: str, make: Any, *, count: int) -> tuple[float, list[float]]:
    """``count`` activities from ``CONCURRENCY`` clients; (seconds, latencies)."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(count):
        queue.put_nowait(number)
    latencies: list[float] = []
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def client() -> None:
            while not queue.empty():
                latencies.append(await _post(session, url, make(queue.get_nowait())))

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
        return time.perf_counter() - started, latencies


def _report(name: str, seconds: float, latencies: list[float]) -> float:
    ordered = sorted(latencies)
    rate = len(ordered) / seconds
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    print(f"  {name:<28} {rate:8.1f} activities/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms", flush=True)
    return rate


def main() -> int:
    from tests.fakes.bf_connector import FakeConnector
    from tests.teams import payloads

    with FakeConnector() as connector, tempfile.TemporaryDirectory() as folder:
        app, services = _samverkan_app(Path(folder) / "bench.db")
        with _Served(app) as url:
            setup = [
                'samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB typ arbetsutskott',
                "samverkan kanal UTB", "mote ny 2022-03-30 kl. 13:00-14:30 plats Digitalt möte",
                "beslut registrera § 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2022-03-30: "
                "att ge skolchef i uppdrag att arbeta vidare; att återrapportering ges fortlöpande",
            ]
            for line in setup:
                asyncio.run(_load(url, lambda _n, text=line: payloads.channel_message(text, service_url=connector.url),
                                  count=1))
            connector.clear()
            asyncio.run(_load(url, lambda _n: payloads.channel_message("beslut UTB 22/30", service_url=connector.url),
                              count=1))
            sample = connector.delivered[-1].activity
            assert "UTB 22/30" in json.dumps(sample, ensure_ascii=False), "the lookup must find § 19"

            def lookup(_n: int) -> dict[str, Any]:
                return payloads.channel_message("beslut UTB 22/30", service_url=connector.url)

            asyncio.run(_load(url, lookup, count=WARMUP))
            connector.clear()
            seconds, latencies = asyncio.run(_load(url, lookup, count=REQUESTS))
            replies = len(connector.delivered)
        services.extras["engine"].dispose()
        with _Served(_echo_app()) as echo_url:

            def echo(_n: int) -> dict[str, Any]:
                return payloads.personal_message("beslut UTB 22/30", service_url=connector.url)

            asyncio.run(_load(echo_url, echo, count=WARMUP))
            echo_seconds, echo_latencies = asyncio.run(_load(echo_url, echo, count=REQUESTS))
    print(f"  {REQUESTS} activities, {CONCURRENCY} concurrent clients, replies delivered: {replies}")
    ours = _report("samverkan beslut UTB 22/30", seconds, latencies)
    floor = _report("bare botbuilder echo bot", echo_seconds, echo_latencies)
    print(f"  ratio samverkan / echo: {ours / floor:.2f}×")
    return 0 if replies == REQUESTS else 1


if __name__ == "__main__":
    raise SystemExit(main())
