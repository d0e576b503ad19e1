"""Fixtures for the Slack end-to-end tests: the real server, a fake Slack Web API, signed requests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackSender
from tests.server_thread import ServerThread

SIGNING_SECRET = "test-signing-secret"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def slack_settings(sqlite_url: str, fake_slack: FakeSlack):  # type: ignore[no-untyped-def]
    from bot.config import Settings

    return Settings(SAMVERKAN_DATABASE_URL=sqlite_url, SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SIGNING_SECRET,
                    SLACK_API_URL=fake_slack.api_url, SLACK_APP_TOKEN="", SLACK_CLIENT_ID="", SLACK_CLIENT_SECRET="")


@pytest.fixture
def slack_services(slack_settings, clock):  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from storage.migrate import upgrade

    upgrade(slack_settings.database_url)
    services = build_services(settings=slack_settings, clock=clock)
    yield services
    services.extras["engine"].dispose()


@pytest.fixture
def slack_server(slack_services) -> Iterator[ServerThread]:  # type: ignore[no-untyped-def]
    from bot.server import build_app

    with ServerThread(build_app(services=slack_services)) as running:
        yield running


@pytest.fixture
def slack(slack_server: ServerThread, fake_slack: FakeSlack) -> SlackSender:
    return SlackSender(url=slack_server.url, secret=SIGNING_SECRET, response_base=fake_slack.base)
