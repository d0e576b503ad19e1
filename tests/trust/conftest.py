"""One server, one database, three tenants: Slack workspaces A and B and a Teams tenant.

``bot.server.build_app`` serves Slack (``/slack/events``), Teams (``/api/messages``), the web
pages and the feeds from one process, exactly as ``samverkan serve`` does; the Slack Web API and
the Bot Framework connector are local fakes on 127.0.0.1.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from tests.fakes.bf_connector import FakeConnector
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackSender
from tests.slack.conftest import ServerThread
from tests.teams import payloads

SIGNING_SECRET = "trust-signing-secret"
TEAM_A, TEAM_B = "T0AAAA", "T0BBBB"
CHANNEL_A, CHANNEL_A_SOC, CHANNEL_B = "C0AUTB", "C0ASOC", "C0BSTY"
SECRETARY_A = ("U0ASEKR", "anna.sekreterare")
MEMBER_B = ("U0BSEKR", "bo.sekreterare")
BODY_A = "Utbildningsnämndens arbetsutskott"
BODY_A_SOC = "Socialnämndens individutskott"

# Facts only workspace A ever typed; none of them is in a help text or a usage example.
SECRETS_A = ("Kvantfysikskolan", "Zebralund", "Xylofonavtalet", "UTB 22/777", "Ingrid Ödegaard",
             "Barnet Kalle Karlsson", "SOC 22/999", BODY_A, BODY_A_SOC, "Placering enligt LVU")
CONFIDENTIAL_A = ("Barnet Kalle Karlsson", "Placering enligt LVU", "SOC 22/999")

SCENARIO_A = [
    f'samverkan organ ny "{BODY_A}" kort UTB typ arbetsutskott',
    f"samverkan kanal {BODY_A}",
    "mote ny 2022-03-30 kl. 13:00-14:30 plats Zebralund",
    "mote justerare Ingrid Ödegaard",
    "beslut registrera § 19 Kvantfysikskolan startar dnr UTB 22/777 möte 2022-03-30: "
    "1. ge skolchef i uppdrag att ta fram Xylofonavtalet senast 2022-04-29. "
    "2. uppdra åt förvaltningschef att utreda Kvantfysikskolan senast 2022-05-31.",
    "uppdrag ny Ingrid Ödegaard: sammanställa Zebralund-enkäten senast 2022-04-15",
]
SCENARIO_A_SOC = [
    f'samverkan organ ny "{BODY_A_SOC}" kort SOC typ arbetsutskott',
    f"samverkan kanal {BODY_A_SOC}",
    "mote ny 2022-03-30 kl. 15:00",
    "beslut registrera § 20 Placering enligt LVU dnr SOC 22/999 möte 2022-03-30\n"
    "beslut:\n1. Barnet Kalle Karlsson placeras i familjehem.\nsekretess",
]


@dataclass
class Trio:
    """The running server and everything to talk to it as each tenant."""

    url: str
    services: Any
    fake_slack: FakeSlack
    connector: FakeConnector
    slack_a: SlackSender
    slack_b: SlackSender
    server: ServerThread

    def teams(self, activity: dict[str, Any]) -> requests.Response:
        return requests.post(f"{self.url}/api/messages", data=json.dumps(activity),
                             headers={"Content-Type": "application/json"}, timeout=30)

    def teams_line(self, line: str) -> requests.Response:
        return self.teams(payloads.personal_message(line, service_url=self.connector.url))

    def a(self, command: str, text: str, *, channel: str = CHANNEL_A) -> requests.Response:
        name = {CHANNEL_A: "utb-au", CHANNEL_A_SOC: "soc-iu"}.get(channel, "annan")
        return self.slack_a.command(command, text, user_id=SECRETARY_A[0], user_name=SECRETARY_A[1],
                                    channel_id=channel, channel_name=name)

    def b(self, command: str, text: str, *, channel: str = CHANNEL_B) -> requests.Response:
        return self.slack_b.command(command, text, user_id=MEMBER_B[0], user_name=MEMBER_B[1],
                                    channel_id=channel, channel_name="sty")

    def settle(self, *, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until the fakes have received nothing new for ``quiet`` seconds (after-ack work)."""
        deadline = time.monotonic() + timeout
        seen = (len(self.fake_slack.calls), len(self.connector.received))
        last_change = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = (len(self.fake_slack.calls), len(self.connector.received))
            if now != seen:
                seen, last_change = now, time.monotonic()
            elif time.monotonic() - last_change >= quiet:
                return


def line_of(line: str) -> tuple[str, str]:
    """``"beslut registrera …"`` → (``/beslut``, ``"registrera …"``)."""
    command, _, rest = line.partition(" ")
    return "/" + command, rest


@contextmanager
def running_trio(db_url: str, clock: Any) -> Iterator[Trio]:
    """Migrate ``db_url``, start the fakes and the server; everything stops afterwards."""
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.server import build_app
    from storage.migrate import upgrade

    upgrade(db_url)
    fake = FakeSlack(team_id=TEAM_A).start()
    with FakeConnector() as connector:
        settings = Settings(SAMVERKAN_DATABASE_URL=db_url, SLACK_BOT_TOKEN="xoxb-trust-token-000",
                            SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.api_url, SLACK_APP_TOKEN="",
                            SLACK_CLIENT_ID="", SLACK_CLIENT_SECRET="", MICROSOFT_APP_ID="",
                            SAMVERKAN_TEAMS_UNAUTHENTICATED_LOCAL=True,  # the fake connector is on 127.0.0.1
                            SAMVERKAN_LINK_SECRET="trust-link-secret")
        services = build_services(settings=settings, clock=clock)
        try:
            with ServerThread(build_app(services=services)) as server:
                yield Trio(url=server.url, services=services, fake_slack=fake, connector=connector,
                           slack_a=SlackSender(url=server.url, secret=SIGNING_SECRET, team_id=TEAM_A,
                                               response_base=fake.base),
                           slack_b=SlackSender(url=server.url, secret=SIGNING_SECRET, team_id=TEAM_B,
                                               response_base=fake.base),
                           server=server)
        finally:
            fake.stop()
            services.extras["engine"].dispose()


@pytest.fixture
def trio(sqlite_url: str, clock: Any) -> Iterator[Trio]:
    with running_trio(sqlite_url, clock) as running:
        yield running
