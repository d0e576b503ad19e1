"""Connector clients are shared by every turn on a loop, bounded in time, and closed with their loop."""

from __future__ import annotations

import asyncio

from microsoft_agents.hosting.core.authorization import ClaimsIdentity

from bot.teams import connectors
from bot.teams.connectors import CachingClientFactory, SharedConnectorClient
from tests.fakes.bf_auth import StaticTokenProvider

SERVICE = "https://smba.trafficmanager.net/emea/"


def test_turns_share_one_session_per_service_url_until_the_loop_closes_it() -> None:
    factory = CachingClientFactory(token_provider=StaticTokenProvider(), app_id="app")
    identity = ClaimsIdentity({"aud": "app"}, authentication_type="Bearer")

    async def turns() -> tuple[SharedConnectorClient, SharedConnectorClient, SharedConnectorClient]:
        first = await factory.create_connector_client(None, identity, SERVICE, "https://api.botframework.com")
        await first.close()  # what the SDK does at the end of every turn
        again = await factory.create_connector_client(None, identity, SERVICE.rstrip("/") + "//",
                                                      "https://api.botframework.com")
        other = await factory.create_connector_client(None, identity, "https://smba.infra.gcc.teams.microsoft.com/",
                                                      "https://api.botframework.com")
        assert not first.client.closed and again is first and other is not first
        assert first.client.headers["Authorization"] == f"Bearer {StaticTokenProvider.TOKEN}"
        assert first.client.timeout.total == connectors.TIMEOUT_SECONDS
        await factory.close_loop()
        return first, again, other  # type: ignore[return-value]

    first, _again, other = asyncio.run(turns())
    assert first.client.closed and other.client.closed and len(factory.cache) == 0


def test_without_an_app_id_no_token_is_sent_and_each_loop_gets_its_own_session() -> None:
    factory = CachingClientFactory(token_provider=None, app_id="")

    async def turn() -> SharedConnectorClient:
        client = await factory.create_connector_client(None, ClaimsIdentity(), SERVICE, "https://api.botframework.com",
                                                       use_anonymous=True)
        assert "Authorization" not in client.client.headers
        return client  # type: ignore[return-value]

    one = asyncio.run(turn())
    two = asyncio.run(turn())  # a second private loop: a session of a dead loop is never reused
    assert one is not two and len(factory.cache) == 2
    asyncio.run(factory.close_all())
    assert one.client.closed and two.client.closed
