"""Signed ``/beslut UTB 22/30`` round trip: our server beside a bare Bolt app that only acks.

Each server runs in its own process on 127.0.0.1 (so the load generator does not share its
GIL); the load generator sends correctly signed slash commands from 20 concurrent clients, a
bounded number of requests per target, and reports p50, p99 and requests/s. Two floors are
measured in the same run: Bolt's default (``process_before_response=False``, which polls for the
ack every 10 ms) and Bolt with ``process_before_response=True``. Our answer is a real lookup
(§ 19 from seed 000 in SQLite, rendered as Block Kit) and is checked before timing.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

SECRET = "bench-signing-secret"
CLIENTS = 20
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3000"))
WARMUP = 300
TEAM, CHANNEL, USER = "T0BENCH", "C0UTBAU", "U0KRISTINA"
SETUP = [
    'samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB typ arbetsutskott',
    "samverkan kanal Utbildningsnämndens arbetsutskott",
    "mote ny 2022-03-30 kl. 13:00-14:30 plats Digitalt möte",
    "beslut registrera § 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2022-03-30: "
    "1. ge skolchef i uppdrag att i samarbete med SocialRekos beredningsgrupp arbeta vidare med förslag på "
    "samverkansmodell. 2. åiterrapportering av ärendet ges fortlöpande till utbildningsnämnden.",
]


# --- servers (child processes) ------------------------------------------------------------------
async def _fake_api():  # type: ignore[no-untyped-def]
    """auth.test only: Bolt asks it once per process to learn the bot's ids."""
    from aiohttp import web

    async def answer(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "team_id": TEAM, "user_id": "UBOT", "bot_id": "BBOT"})

    app = web.Application()
    app.router.add_post("/api/{method}", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return f"http://127.0.0.1:{runner.addresses[0][1]}/api/"


async def _serve(kind: str, db_url: str) -> None:
    from aiohttp import web

    api_url = await _fake_api()
    if kind == "ours":
        from bot.bootstrap import build_services
        from bot.config import Settings
        from bot.server import build_app

        settings = Settings(SAMVERKAN_DATABASE_URL=db_url, SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET=SECRET,
                            SLACK_API_URL=api_url, SLACK_APP_TOKEN="", SLACK_CLIENT_ID="")
        app = build_app(services=build_services(settings=settings))
    else:
        from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
        from slack_bolt.async_app import AsyncApp
        from slack_sdk.web.async_client import AsyncWebClient

        bolt = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token="xoxb-bench", base_url=api_url),
                        process_before_response=kind == "floor-pbr")

        @bolt.command("/beslut")
        async def only_ack(ack):  # type: ignore[no-untyped-def]
            await ack()

        async def events(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

        app = web.Application()
        app.router.add_post("/slack/events", events)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    await asyncio.Event().wait()


def _prepare_db(db_url: str) -> None:
    """Migrate and record § 19 as a Slack user in the bound channel, like the seed scenario."""
    from bench._load import record_as_slack_user

    record_as_slack_user(db_url, lines=SETUP, team=TEAM, user=USER, channel=CHANNEL)


# --- load generator ----------------------------------------------------------------------------
def _signed(count: int) -> list[tuple[bytes, dict[str, str]]]:
    """Distinct, correctly signed slash-command requests (fresh trigger ids, as Slack sends)."""
    from slack_sdk.signature import SignatureVerifier

    verifier = SignatureVerifier(SECRET)
    out = []
    for _ in range(count):
        trigger = uuid.uuid4().hex
        body = urlencode({"team_id": TEAM, "team_domain": "bench", "channel_id": CHANNEL, "channel_name": "utb-au",
                          "user_id": USER, "user_name": "kristina", "command": "/beslut", "text": "UTB 22/30",
                          "response_url": f"http://127.0.0.1:9/response/{trigger}", "trigger_id": trigger})
        ts = str(int(time.time()))
        out.append((body.encode(), {"Content-Type": "application/x-www-form-urlencoded",
                                    "X-Slack-Request-Timestamp": ts,
                                    "X-Slack-Signature": verifier.generate_signature(timestamp=ts, body=body)}))
    return out


async def _load(url: str, requests: list[tuple[bytes, dict[str, str]]]) -> tuple[list[float], float, str]:
    import aiohttp

    latencies: list[float] = []
    queue = list(reversed(requests))
    first = ""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CLIENTS)) as session:

        async def client() -> None:
            nonlocal first
            while queue:
                body, headers = queue.pop()
                start = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    text = await response.text()
                    if response.status != 200:
                        raise RuntimeError(f"{url}: HTTP {response.status} {text[:200]}")
                latencies.append(time.perf_counter() - start)
                first = first or text

        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        wall = time.perf_counter() - began
    return latencies, wall, first


def _measure(kind: str, db_url: str) -> dict[str, float | str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    child = subprocess.Popen([sys.executable, "-m", "bench.slack_roundtrip", "--serve", kind, db_url],
                             stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        url = f"http://127.0.0.1:{port}/slack/events"
        asyncio.run(_load(url, _signed(WARMUP)))
        latencies, wall, first = asyncio.run(_load(url, _signed(REQUESTS)))
    finally:
        child.terminate()
        child.wait(10)
    latencies.sort()
    return {"p50": statistics.median(latencies) * 1000, "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
            "rps": len(latencies) / wall, "first": first}


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{folder}/bench.db"
        _prepare_db(db_url)
        results = {kind: _measure(kind, db_url) for kind in ("ours", "floor-default", "floor-pbr")}
    answer = json.loads(results["ours"]["first"])
    ok = answer.get("response_type") == "in_channel" and "§ 19 Ny samverkansmodell" in json.dumps(
        answer.get("blocks"), ensure_ascii=False)
    print(f"signed /beslut UTB 22/30, {REQUESTS} requests, {CLIENTS} concurrent clients, 127.0.0.1, "
          f"{os.cpu_count()} cores")
    labels = {"ours": "samverkan (lookup + Block Kit)", "floor-default": "bare Bolt, ack only (default)",
              "floor-pbr": "bare Bolt, ack only (process_before_response)"}
    for kind, row in results.items():
        print(f"  {labels[kind]:<46} p50 {row['p50']:7.2f} ms  p99 {row['p99']:7.2f} ms  {row['rps']:8.0f} req/s")
    for floor in ("floor-default", "floor-pbr"):
        ratio = float(results["ours"]["rps"]) / float(results[floor]["rps"])
        print(f"  throughput ratio ours / {floor}: {ratio:.2f}× (target ≥ 0.5×)")
    if not ok:
        print("  ERROR: our answer was not § 19:", results["ours"]["first"][:300])
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--serve":
        asyncio.run(_serve(sys.argv[2], sys.argv[3]))
    else:
        raise SystemExit(main())
