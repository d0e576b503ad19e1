"""Fixtures for the Slack end-to-end tests: the real server, a fake Slack Web API, signed requests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from aiohttp import web

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackSender

SIGNING_SECRET = "test-signing-secret"


class ServerThread:
    """``bot.server.build_app`` served on 127.0.0.1:0 from its own event loop, as in production."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.url = ""
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="slack-test-server")

    def __enter__(self) -> ServerThread:
        self._thread.start()
        self._runner = web.AppRunner(self.app, access_log=None)

        async def start() -> str:
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            host, port = self._runner.addresses[0][:2]
            return f"http://{host}:{port}"

        self.url = asyncio.run_coroutine_threadsafe(start(), self.loop).result(10)
        return self

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()


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
