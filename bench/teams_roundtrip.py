"""Teams round trip: ``beslut UTB 22/30`` through POST /api/messages, beside bare echo bots.

Samverkan runs on the Microsoft 365 Agents SDK; its peers are measured in the same run:

- a bare Agents SDK echo bot (``CloudAdapter.process`` with the SDK's JWT middleware, anonymous
  as in local development) — the fair floor since the move;
- a bare botbuilder echo bot as it comes, and the same with msrest's per-client set-up cost
  removed (``ClientRetryPolicy`` builds its 999-entry retry list once instead of per client):
  the framework's real floor that issue #20 names.

Every bot answers on the same fake connector (127.0.0.1 only); replies are counted there, not
just HTTP answers. One process; the bots take turns in ``ROUNDS`` interleaved rounds and the
medians are compared, so a busy moment on a shared machine does not favour one of them. The
floors are re-measured every run because figures from another machine are not comparable.
Bounded: a fixed number of activities, fixed concurrency.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

REQUESTS = 500
CONCURRENCY = 20
WARMUP = 50
ROUNDS = 3


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


@contextmanager
def _without_msrest_setup_cost() -> Iterator[None]:
    """msrest's ``ClientRetryPolicy.__init__`` tests 999 status codes against a 500-entry list
    for every client botbuilder builds (PLATFORM-NOTES: ~70 % of a turn's CPU). Inside this
    block that list is computed once; each policy gets the same settings as before."""
    from msrest.universal_http.requests import ClientRetryPolicy, Retry

    retry_codes = [i for i in range(999) if i not in ClientRetryPolicy.safe_codes]
    original = ClientRetryPolicy.__init__

    def init(policy: ClientRetryPolicy) -> None:
        policy.policy = Retry(total=3, connect=3, read=3, backoff_factor=0.8)
        policy.policy.BACKOFF_MAX = 90
        policy.policy.status_forcelist = retry_codes
        policy.policy.method_whitelist = ["HEAD", "TRACE", "GET", "PUT", "OPTIONS", "DELETE", "POST", "PATCH"]

    ClientRetryPolicy.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        ClientRetryPolicy.__init__ = original  # type: ignore[method-assign]


def _agents_echo_app() -> web.Application:
    """The fair floor: a bare Microsoft 365 Agents SDK bot that echoes the text."""
    from microsoft_agents.authentication.msal import MsalConnectionManager
    from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware
    from microsoft_agents.hosting.core import ActivityHandler, AgentAuthConfiguration, TurnContext

    class Echo(ActivityHandler):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(f"Echo: {turn_context.activity.text}")

    config = AgentAuthConfiguration(anonymous_allowed=True)
    adapter = CloudAdapter(connection_manager=MsalConnectionManager(
        connections_configurations={"SERVICE_CONNECTION": config}))
    bot = Echo()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application(middlewares=[jwt_authorization_middleware])
    app["agent_configuration"] = config
    app.router.add_post("/api/messages", messages)
    return app


def _echo_app() -> web.Application:
    """A bare botbuilder CloudAdapter bot that echoes the text."""
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
        if response.status not in (200, 201, 202):
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


@dataclass
class Runs:
    """One bot's rounds: rate, latencies and process CPU per activity of each, replies counted."""

    name: str
    rates: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    replies: int = 0

    def report(self) -> float:
        """Print the medians over the rounds; return the median rate."""
        ordered = sorted(self.latencies)
        rate = statistics.median(self.rates)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        print(f"  {self.name:<36} {rate:7.1f} activities/s (rounds {', '.join(f'{r:.0f}' for r in self.rates)})"
              f"   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   process CPU {statistics.median(self.cpu_ms):4.1f} ms"
              f"/activity", flush=True)
        return rate


def _round(runs: Runs, url: str, make: Any, connector: Any) -> None:
    """Warm up, then ``REQUESTS`` activities; the replies must all reach the connector."""
    asyncio.run(_load(url, make, count=WARMUP))
    connector.clear()
    cpu = time.process_time()
    seconds, latencies = asyncio.run(_load(url, make, count=REQUESTS))
    cpu = time.process_time() - cpu
    deadline = time.monotonic() + 10
    while len(connector.delivered) < REQUESTS and time.monotonic() < deadline:
        time.sleep(0.05)
    runs.rates.append(REQUESTS / seconds)
    runs.latencies.extend(latencies)
    runs.cpu_ms.append(cpu * 1000 / REQUESTS)
    runs.replies += len(connector.delivered)


def main() -> int:
    from tests.fakes.bf_connector import FakeConnector
    from tests.teams import payloads

    with FakeConnector() as connector, tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        app, services = _samverkan_app(Path(folder) / "bench.db")
        stack.callback(services.extras["engine"].dispose)
        ours_url = stack.enter_context(_Served(app))
        setup = [
            'samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB typ arbetsutskott',
            "samverkan kanal UTB", "mote ny 2022-03-30 kl. 13:00-14:30 plats Digitalt möte",
            "beslut registrera § 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2022-03-30: "
            "att ge skolchef i uppdrag att arbeta vidare; att återrapportering ges fortlöpande",
        ]
        for line in setup:
            asyncio.run(_load(ours_url, lambda _n, text=line: payloads.channel_message(text, service_url=connector.url),
                              count=1))
        connector.clear()
        asyncio.run(_load(ours_url, lambda _n: payloads.channel_message("beslut UTB 22/30", service_url=connector.url),
                          count=1))
        sample = connector.delivered[-1].activity
        assert "UTB 22/30" in json.dumps(sample, ensure_ascii=False), "the lookup must find § 19"

        def lookup(_n: int) -> dict[str, Any]:
            return payloads.channel_message("beslut UTB 22/30", service_url=connector.url)

        def echo(_n: int) -> dict[str, Any]:
            return payloads.personal_message("beslut UTB 22/30", service_url=connector.url)

        agents_url = stack.enter_context(_Served(_agents_echo_app()))
        botbuilder_url = stack.enter_context(_Served(_echo_app()))
        ours, agents = Runs("samverkan beslut UTB 22/30"), Runs("bare Agents SDK echo bot")
        botbuilder, floor = Runs("bare botbuilder echo bot"), Runs("botbuilder echo, no msrest set-up")
        for _ in range(ROUNDS):  # interleaved, so a busy moment on the machine hits every bot alike
            _round(ours, ours_url, lookup, connector)
            _round(agents, agents_url, echo, connector)
            _round(botbuilder, botbuilder_url, echo, connector)
            with _without_msrest_setup_cost():
                _round(floor, botbuilder_url, echo, connector)
    expected = ROUNDS * REQUESTS
    print(f"  {ROUNDS} interleaved rounds of {REQUESTS} activities, {CONCURRENCY} concurrent clients, "
          f"{os.cpu_count()} cores, one process; medians over the rounds. Replies counted at the fake connector: "
          + ", ".join(f"{runs.name} {runs.replies}/{expected}" for runs in (ours, agents, botbuilder, floor)))
    rate = ours.report()
    for peer in (agents, botbuilder, floor):
        print(f"  ratio samverkan / {peer.name}: {rate / peer.report():.2f}×")
    every = all(runs.replies == expected for runs in (ours, agents, botbuilder, floor))
    return 0 if every else 1


if __name__ == "__main__":
    raise SystemExit(main())
