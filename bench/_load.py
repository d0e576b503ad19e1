"""Shared parts of the load benches: a fresh database, ``samverkan serve`` as a subprocess, the
load generator and the report. 127.0.0.1 only; counts and time are bounded.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 20
REQUESTS = int(os.environ.get("LOAD_REQUESTS", "10000"))
WRITE_SHARE = 0.3
TIME_LIMIT = float(os.environ.get("LOAD_TIME_LIMIT", "900"))  # seconds per run, then it is an error
ADMIN_URL = os.environ.get("SAMVERKAN_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh SQLite file or a fresh PostgreSQL database (created here, dropped afterwards)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/load.db"
        return
    from sqlalchemy import create_engine, text

    from storage.db import normalise_url

    admin_url = normalise_url(ADMIN_URL)
    name = f"samverkan_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def record_as_slack_user(db_url: str, *, lines: list[str], team: str, user: str, channel: str) -> None:
    """Migrate ``db_url`` and run setup commands as one Slack user in one channel (the benches' data)."""
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.slack.payloads import invocation
    from handlers.dispatch import dispatch
    from storage.migrate import upgrade

    upgrade(db_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=db_url))
    for line in lines:
        reply = dispatch(invocation(line=line, team_id=team, team_domain="bench", user_id=user, user_name="kristina",
                                    channel_id=channel, channel_name="utb-au"), services=services)
        if reply.tone == "error":
            raise RuntimeError(f"setup failed: {line}: {reply.text}")
    services.extras["engine"].dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(env: dict[str, str]) -> Iterator[str]:
    """``samverkan serve`` in its own process; yields its base URL once /healthz answers."""
    import urllib.request

    port = free_port()
    full = {**os.environ, **env, "SAMVERKAN_HOST": "127.0.0.1", "SAMVERKAN_PORT": str(port),
            "SAMVERKAN_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
    log = tempfile.TemporaryFile()
    child = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=full, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1):  # noqa: S310 - 127.0.0.1
                    break
            except OSError:
                if child.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("samverkan serve did not start: " + log.read().decode()[-2000:]) from None
                time.sleep(0.1)
        yield base
    finally:
        child.terminate()
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
        log.close()


async def drive(send: Callable[[int], Awaitable[tuple[bool, str]]], count: int) -> tuple[list[float], float, list[str]]:
    """``count`` requests from ``CLIENTS`` concurrent clients; (latencies, wall seconds, errors)."""
    latencies: list[float] = []
    errors: list[str] = []
    numbers = iter(range(count))

    async def client() -> None:
        for number in numbers:
            start = time.perf_counter()
            try:
                ok, detail = await send(number)
            except Exception as error:  # a refused connection or a timeout is an error, reported
                ok, detail = False, f"{error.__class__.__name__}: {error}"
            latencies.append(time.perf_counter() - start)
            if not ok:
                errors.append(detail)

    began = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(client() for _ in range(CLIENTS))), timeout=TIME_LIMIT)
    return latencies, time.perf_counter() - began, errors


def is_write(number: int) -> bool:
    """30 % of requests are writes, spread evenly through the run."""
    return number % 10 in (2, 5, 8)


def report(label: str, latencies: list[float], wall: float, errors: list[str], *, writes: int, stored: int) -> bool:
    latencies = sorted(latencies)
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000 if latencies else float("nan")
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    ok = not errors and stored == writes
    print(f"  {label:<11} {len(latencies):6d} req  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  "
          f"{len(latencies) / wall:7.0f} req/s  errors {len(errors)}  writes {writes} stored {stored}"
          f"{'' if ok else '  FAILED'}", flush=True)
    for error in errors[:5]:
        print("    error:", error[:300])
    return ok
