"""Load: Teams activities to ``samverkan serve`` (a real subprocess) on SQLite and PostgreSQL.

The same mix as ``load_slack`` — ``LOAD_REQUESTS`` (default 10,000) activities from 20
concurrent clients, 70 % lookups and 30 % writes — posted to ``/api/messages`` in Emulator mode
(no app id, ``SAMVERKAN_TEAMS_UNAUTHENTICATED_LOCAL``) as a personal chat; the replies go to a
local fake Bot Framework connector. Every activity must be accepted (200/201) and answered with a
reply that is not an error, and every write must be a row afterwards. Reports p50/p99 (until the
HTTP answer; the reply is posted to the connector inside the turn) and requests/s.
"""

from __future__ import annotations

import asyncio
import json
import os
import time

from bench._load import REQUESTS, database, drive, is_write, report, serve
from bench.load_slack import FAILURE_MARKS, command, prepare_lines, stored

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
USER = ("29:1kristina", "aad-kristina", "Kristina Kamsten")
BOT = ("28:bot", "Samverkan")
CHANNEL = "19:load@thread.tacv2"


def activity(number: int, line: str, service_url: str) -> dict[str, object]:
    """A post in the body's Teams channel with the bot @mentioned, as Teams sends it."""
    return {"type": "message", "id": f"load-{number}", "timestamp": "2026-01-01T09:00:00.000Z",
            "serviceUrl": service_url, "channelId": "msteams",
            "from": {"id": USER[0], "aadObjectId": USER[1], "name": USER[2]},
            "recipient": {"id": BOT[0], "name": BOT[1]},
            "conversation": {"isGroup": True, "conversationType": "channel", "tenantId": TENANT,
                             "id": f"{CHANNEL};messageid={number}"},
            "channelData": {"teamsChannelId": CHANNEL, "teamsTeamId": "19:team@thread.tacv2",
                            "channel": {"id": CHANNEL, "name": "UTB"}, "tenant": {"id": TENANT}},
            "entities": [{"type": "mention", "text": f"<at>{BOT[1]}</at>", "mentioned": {"id": BOT[0], "name": BOT[1]}}],
            "locale": "sv-SE", "text": f"<at>{BOT[1]}</at> {line}"}


def prepare(db_url: str) -> None:
    """The body, its channel binding and the meetings, typed by the same Teams user."""
    from bot.bootstrap import build_services
    from bot.config import Settings
    from handlers.commandline import split_command
    from handlers.context import ActorRef, ChannelRef, Invocation, TenantRef
    from handlers.dispatch import dispatch
    from storage.migrate import upgrade

    upgrade(db_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=db_url))
    for line in prepare_lines():
        name, text = split_command(line)
        reply = dispatch(Invocation(command=name, text=text, tenant=TenantRef(platform="teams", external_id=TENANT,
                                                                                name="Last"),
                                    actor=ActorRef(user_id=USER[1], display_name=USER[2]),
                                    channel=ChannelRef(channel_id=CHANNEL, name="utb")),
                         services=services)
        if reply.tone == "error":
            raise RuntimeError(f"setup failed: {line}: {reply.text}")
    services.extras["engine"].dispose()


async def load(base: str, count: int, connector) -> tuple[list[float], float, list[str]]:  # type: ignore[no-untyped-def]
    import aiohttp

    url = base + "/api/messages"
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=20),
                                     timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def send(number: int) -> tuple[bool, str]:
            name, text = command(number)
            line = f"{name.lstrip('/')} {text}"
            body = json.dumps(activity(number, line, connector.url))
            async with session.post(url, data=body, headers={"Content-Type": "application/json"}) as response:
                answer = await response.text()
            return response.status in (200, 201), f"{line}: HTTP {response.status} {answer[:200]}"

        latencies, wall, errors = await drive(send, count)
    deadline = time.monotonic() + 30
    while len(connector.delivered) < count and time.monotonic() < deadline:  # replies are posted in the turn
        await asyncio.sleep(0.1)
    # replies to our activities (the scheduler may post a digest or a reminder besides)
    replies = [r for r in connector.delivered if str(r.body.get("replyToId", "")).startswith("load-")]
    if len(replies) != count:
        errors.append(f"{count} activities, {len(replies)} replies")
    errors += [json.dumps(r.body, ensure_ascii=False)[:200] for r in replies
               if any(mark in json.dumps(r.body, ensure_ascii=False) for mark in FAILURE_MARKS)]
    return latencies, wall, errors


def run(kind: str, count: int) -> bool:
    from tests.fakes.bf_connector import FakeConnector

    with FakeConnector() as connector, database(kind) as db_url:
        prepare(db_url)
        env = {"SAMVERKAN_DATABASE_URL": db_url, "MICROSOFT_APP_ID": "", "SAMVERKAN_TEAMS_UNAUTHENTICATED_LOCAL": "true",
               "SLACK_BOT_TOKEN": "",
               "SLACK_SIGNING_SECRET": "", "SLACK_APP_TOKEN": "", "SLACK_CLIENT_ID": ""}
        with serve(env) as base:
            latencies, wall, errors = asyncio.run(load(base, count, connector))
        writes = sum(1 for n in range(count) if is_write(n))
        return report(kind, latencies, wall, errors, writes=writes, stored=stored(db_url))


def main() -> int:
    kinds = os.environ.get("LOAD_DATABASES", "sqlite,postgres").split(",")
    print(f"Teams activities, {REQUESTS} per database, 20 concurrent clients, 70 % lookups / 30 % writes, "
          f"samverkan serve on 127.0.0.1 (Emulator mode), {os.cpu_count()} cores", flush=True)
    results = [run(kind, REQUESTS) for kind in kinds]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
