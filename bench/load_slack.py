"""Load: signed slash commands to ``samverkan serve`` (a real subprocess) on SQLite and PostgreSQL.

``LOAD_REQUESTS`` (default 10,000) commands from 20 concurrent clients: 70 % lookups
(``/beslut`` of a dnr, a § and free words), 30 % writes (``/uppdrag ny …``, ``/dagordning lägg
till …``). Every answer must be a 200 that is not an error; afterwards every write must be a row
in the database. Reports p50/p99 latency and requests/s. Slack's Web API is a local fake
(``SLACK_API_URL``); the PostgreSQL database is created for the run and dropped after it
(``SAMVERKAN_BENCH_POSTGRES_URL`` is the admin URL).
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from urllib.parse import urlencode

from bench._load import REQUESTS, database, drive, is_write, record_as_slack_user, report, serve

SECRET = "load-signing-secret"
TEAM, CHANNEL, USER = "T0LOAD", "C0UTBAU", "U0KRISTINA"
SETUP = [
    'samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB typ arbetsutskott',
    "samverkan kanal Utbildningsnämndens arbetsutskott",
    "mote ny 2022-03-30 kl. 13:00-14:30 plats Digitalt möte",
    "beslut registrera § 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2022-03-30: "
    "1. ge skolchef i uppdrag att arbeta vidare med förslag på samverkansmodell. "
    "2. återrapportering av ärendet ges fortlöpande till utbildningsnämnden.",
    "mote ny 2030-06-03 kl. 13:00 plats Ånge",
]
LOOKUPS = [("/beslut", "UTB 22/30"), ("/beslut", "§ 19"), ("/beslut", "samverkansmodell"),
           ("/beslut", "utb 2022/30"), ("/beslut", "samverkansmodel"), ("/beslut", "§ 19 2022")]
FAILURE_MARKS = ("Något gick fel", ":x:", "✗", "finns inte ännu")


def prepare_lines() -> list[str]:
    return list(SETUP)


def prepare(db_url: str) -> None:
    record_as_slack_user(db_url, lines=SETUP, team=TEAM, user=USER, channel=CHANNEL)


def command(number: int) -> tuple[str, str]:
    if is_write(number):
        if number % 2:
            return "/uppdrag", f"ny skolchef: lastuppgift {number} senast 2030-05-01"
        return "/dagordning", f"lägg till Lastärende {number} möte 2030-06-03"
    return LOOKUPS[number % len(LOOKUPS)]


def stored(db_url: str, *, numbers: range | None = None) -> int:
    """Rows the load's writes left (and a note of any missing); ``numbers`` are the requests sent."""
    from sqlalchemy import func, or_, select

    from storage.db import make_engine
    from storage.models import AgendaItem, Assignment

    engine = make_engine(db_url)
    with engine.connect() as conn:
        tasks = conn.scalar(select(func.count()).select_from(Assignment).where(
            Assignment.task.like("lastuppgift %")))
        items = conn.scalar(select(func.count()).select_from(AgendaItem).where(
            or_(AgendaItem.title.like("Lastärende %"))))
        texts = list(conn.scalars(select(Assignment.task).where(Assignment.task.like("lastuppgift %"))))
        texts += list(conn.scalars(select(AgendaItem.title).where(AgendaItem.title.like("Lastärende %"))))
    engine.dispose()
    found = {int(t.split()[1]) for t in texts if t.split()[1].isdigit()}
    missing = [n for n in (numbers or range(REQUESTS)) if is_write(n) and n not in found]
    if missing:
        print("    writes not found:", missing[:10], "duplicates:", len(texts) - len(found))
    return int(tasks or 0) + int(items or 0)


async def load(bases: list[str], count: int, fake, *, first: int = 0) -> tuple[list[float], float, list[str]]:
    """``count`` signed commands numbered from ``first``, spread round-robin over ``bases`` (as a load
    balancer would); the answers sent after the ack are awaited and checked too."""
    import aiohttp
    from slack_sdk.signature import SignatureVerifier

    verifier = SignatureVerifier(SECRET)
    urls = [base + "/slack/events" for base in bases]
    deferred_before = len(fake.of("response_url"))
    deferred: list[int] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=20),
                                     timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def send(index: int) -> tuple[bool, str]:
            number = first + index
            name, text = command(number)
            trigger = uuid.uuid4().hex
            body = urlencode({"team_id": TEAM, "team_domain": "load", "channel_id": CHANNEL,
                              "channel_name": "utb-au", "user_id": USER, "user_name": "kristina", "command": name,
                              "text": text, "response_url": f"{fake.base}/response/{trigger}",
                              "trigger_id": f"{trigger}.1.x"})
            ts = str(int(time.time()))
            headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
                       "X-Slack-Signature": verifier.generate_signature(timestamp=ts, body=body)}
            async with session.post(urls[number % len(urls)], data=body.encode(), headers=headers) as response:
                answer = await response.text()
            if "Jag arbetar på det" in answer:  # answered after the ack, via response_url
                deferred.append(number)
            failed = response.status != 200 or any(mark in answer for mark in FAILURE_MARKS)
            return not failed, f"{name} {text}: HTTP {response.status} {answer[:200]}"

        latencies, wall, errors = await drive(send, count)
    deadline = time.monotonic() + 60
    while len(fake.of("response_url")) - deferred_before < len(deferred) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    arrived = len(fake.of("response_url")) - deferred_before
    if arrived < len(deferred):
        errors.append(f"{len(deferred)} answers after the ack, only {arrived} arrived")
    return latencies, wall, errors


def run(kind: str, count: int) -> bool:
    from tests.fakes.slack_api import FakeSlack

    fake = FakeSlack(team_id=TEAM).start()
    try:
        with database(kind) as db_url:
            prepare(db_url)
            env = {"SAMVERKAN_DATABASE_URL": db_url, "SLACK_BOT_TOKEN": "xoxb-load", "SLACK_SIGNING_SECRET": SECRET,
                   "SLACK_API_URL": fake.api_url, "SLACK_APP_TOKEN": "", "SLACK_CLIENT_ID": "",
                   "MICROSOFT_APP_ID": ""}
            with serve(env) as base:
                latencies, wall, errors = asyncio.run(load([base], count, fake))
            late = [str(call.args)[:200] for call in fake.of("response_url")
                    if any(mark in str(call.args) for mark in FAILURE_MARKS)]
            errors += late
            writes = sum(1 for n in range(count) if is_write(n))
            return report(kind, latencies, wall, errors, writes=writes, stored=stored(db_url))
    finally:
        fake.stop()


def main() -> int:
    kinds = os.environ.get("LOAD_DATABASES", "sqlite,postgres").split(",")
    print(f"signed slash commands, {REQUESTS} per database, 20 concurrent clients, 70 % lookups / 30 % writes, "
          f"samverkan serve on 127.0.0.1, {os.cpu_count()} cores", flush=True)
    results = [run(kind, REQUESTS) for kind in kinds]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
