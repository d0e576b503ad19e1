"""Signed ``/beslut UTB 22/30`` round trip: our server beside a bare Bolt app that only acks.

Each server runs in its own process on 127.0.0.1 (so the load generator does not share its
GIL); the load generator sends correctly signed slash commands from 20 concurrent clients, a
bounded number of requests per target, and reports p50, p99, requests/s and the server's CPU
per request, as medians of ``BENCH_REPEATS`` runs. Two floors are measured in the same run:
Bolt's default (``process_before_response=False``, which polls for the ack every 10 ms) and Bolt
with ``process_before_response=True`` — the peer of the ≥ 0.5× target. A 1-client run compares
p50 with default Bolt's. Our answer is a real lookup (§ 19, rendered as Block Kit) and is checked.
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
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
SINGLE_REQUESTS = 300  # the 1-client latency run
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


async def _load(url: str, requests: list[tuple[bytes, dict[str, str]]],
                clients: int = CLIENTS) -> tuple[list[float], float, str]:
    import aiohttp

    latencies: list[float] = []
    queue = list(reversed(requests))
    first = ""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=clients)) as session:

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
        await asyncio.gather(*(client() for _ in range(clients)))
        wall = time.perf_counter() - began
    return latencies, wall, first


def _server_cpu(pid: int) -> float:
    """User + system CPU seconds of a child process so far (Linux /proc; NaN elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _start(kind: str, db_url: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    child = subprocess.Popen([sys.executable, "-m", "bench.slack_roundtrip", "--serve", kind, db_url],
                             stdout=subprocess.PIPE, env=env, text=True)
    assert child.stdout is not None
    port = int(child.stdout.readline())
    return child, f"http://127.0.0.1:{port}/slack/events"


def _run(child: subprocess.Popen[str], url: str, count: int, clients: int) -> dict[str, float | str]:
    """One timed run: p50, p99, requests/s and the server's CPU per request."""
    requests = _signed(count)
    cpu = _server_cpu(child.pid)
    latencies, wall, first = asyncio.run(_load(url, requests, clients=clients))
    cpu = _server_cpu(child.pid) - cpu
    latencies.sort()
    return {"p50": statistics.median(latencies) * 1000, "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
            "rps": len(latencies) / wall, "cpu_us": cpu / len(latencies) * 1e6, "first": first}


def _median(runs: list[dict[str, float | str]], key: str) -> float:
    return statistics.median(float(run[key]) for run in runs)


KINDS = ("ours", "floor-default", "floor-pbr")
LABELS = {"ours": "samverkan (lookup + Block Kit)", "floor-default": "bare Bolt, ack only (default)",
          "floor-pbr": "bare Bolt, ack only (process_before_response)"}


def main() -> int:
    """All three servers run at once; each repetition loads them in turn, so they share the
    machine's conditions (other jobs on a shared machine move every figure, the ratios far less)."""
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{folder}/bench.db"
        _prepare_db(db_url)
        servers = {kind: _start(kind, db_url) for kind in KINDS}
        try:
            for _child, url in servers.values():
                asyncio.run(_load(url, _signed(WARMUP)))
            runs: dict[str, list[dict[str, float | str]]] = {kind: [] for kind in KINDS}
            for _ in range(REPEATS):
                for kind, (child, url) in servers.items():
                    runs[kind].append(_run(child, url, REQUESTS, CLIENTS))
            single = {kind: _run(*servers[kind], SINGLE_REQUESTS, 1) for kind in ("ours", "floor-default")}
        finally:
            for child, _url in servers.values():
                child.terminate()
                child.wait(10)
    answer = json.loads(str(runs["ours"][0]["first"]))
    ok = answer.get("response_type") == "in_channel" and "§ 19 Ny samverkansmodell" in json.dumps(
        answer.get("blocks"), ensure_ascii=False)
    print(f"signed /beslut UTB 22/30, {REQUESTS} requests × {REPEATS} repetitions (medians), {CLIENTS} concurrent "
          f"clients, 127.0.0.1, {os.cpu_count()} cores")
    for kind in KINDS:
        print(f"  {LABELS[kind]:<46} p50 {_median(runs[kind], 'p50'):7.2f} ms  p99 {_median(runs[kind], 'p99'):7.2f} ms"
              f"  {_median(runs[kind], 'rps'):8.0f} req/s  server CPU {_median(runs[kind], 'cpu_us'):6.0f} µs/req")
    ours = _median(runs["ours"], "rps")
    for floor, target in (("floor-pbr", "target ≥ 0.5×"), ("floor-default", "for reference")):
        print(f"  throughput ratio ours / {floor}: {ours / _median(runs[floor], 'rps'):.2f}× ({target})")
    p50_ours, p50_bolt = float(single["ours"]["p50"]), float(single["floor-default"]["p50"])
    print(f"  1 client, {SINGLE_REQUESTS} requests: p50 ours {p50_ours:.2f} ms, default Bolt {p50_bolt:.2f} ms "
          f"({'below' if p50_ours < p50_bolt else 'NOT below'} default Bolt's)")
    if not ok:
        print("  ERROR: our answer was not § 19:", str(runs["ours"][0]["first"])[:300])
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--serve":
        asyncio.run(_serve(sys.argv[2], sys.argv[3]))
    else:
        raise SystemExit(main())
