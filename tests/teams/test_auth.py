"""Authentication on /api/messages with a locally served OpenID document and JWKS.

A valid channel token is accepted; every kind of bad or missing token is a 401, never a 500.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.bf_auth import ISSUER, OpenIdServer, StaticTokenProvider
from tests.teams import payloads
from tests.teams.conftest import ServerThread

APP_ID = "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b"


@pytest.fixture
def openid() -> Iterator[OpenIdServer]:
    with OpenIdServer() as served:
        yield served


@pytest.fixture
def secured(openid, sqlite_url, clock, monkeypatch) -> Iterator[ServerThread]:  # type: ignore[no-untyped-def]
    """The real server with an app id, trusting the local OpenID document."""
    import bot.teams.http as teams_http
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.server import build_app
    from bot.teams.app import build_adapter
    from storage.migrate import upgrade

    monkeypatch.setenv("TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL", openid.metadata_url)
    monkeypatch.setenv("TO_BOT_FROM_CHANNEL_TOKEN_ISSUER", ISSUER)
    monkeypatch.setattr(teams_http, "build_adapter",
                        functools.partial(build_adapter, token_provider=StaticTokenProvider()))
    upgrade(sqlite_url)
    settings = Settings(SAMVERKAN_DATABASE_URL=sqlite_url, MICROSOFT_APP_ID=APP_ID,
                        MICROSOFT_APP_PASSWORD="not-used-offline")
    services = build_services(settings=settings, clock=clock)
    with ServerThread(build_app(services=services)) as running:
        yield running
    services.extras["engine"].dispose()


def test_valid_token_is_accepted_and_reply_carries_bot_token(secured, openid, connector) -> None:
    activity = payloads.personal_message("hjälp", service_url=connector.url)
    token = openid.token(audience=APP_ID, service_url=connector.url)
    assert secured.post(activity, token=token).status_code in (200, 201)
    [reply] = connector.delivered
    assert reply.authorization == f"Bearer {StaticTokenProvider.TOKEN}"


def test_missing_token_is_401(secured, connector) -> None:
    assert secured.post(payloads.personal_message("hjälp", service_url=connector.url)).status_code == 401
    assert connector.received == []


@pytest.mark.parametrize("case", ["wrong_audience", "expired", "malformed", "wrong_issuer", "foreign_key",
                                  "unknown_key", "wrong_service_url", "not_bearer"])
def test_bad_tokens_are_401(case, secured, openid, connector) -> None:  # type: ignore[no-untyped-def]
    activity = payloads.personal_message("hjälp", service_url=connector.url)
    good = functools.partial(openid.token, audience=APP_ID, service_url=connector.url)
    headers_token = {
        "wrong_audience": lambda: good(audience="another-bot"),
        "expired": lambda: good(expires_in=-3600),
        "malformed": lambda: "abc.def.ghi",
        "wrong_issuer": lambda: good(issuer="https://evil.example"),
        "foreign_key": lambda: good(key=rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        "unknown_key": lambda: good(key=rsa.generate_private_key(public_exponent=65537, key_size=2048),
                                    kid="not-in-the-jwks"),
        "wrong_service_url": lambda: good(service_url="http://127.0.0.1:9/"),
        "not_bearer": lambda: None,
    }[case]()
    if case == "not_bearer":
        import json

        import requests

        response = requests.post(f"{secured.url}/api/messages", data=json.dumps(activity), timeout=10,
                                 headers={"Content-Type": "application/json",
                                          "Authorization": "Basic " + good()})
    else:
        response = secured.post(activity, token=headers_token)
    assert response.status_code == 401
    assert connector.received == []


def test_token_for_another_channel_fails_endorsement(secured, openid, connector) -> None:
    activity = payloads.personal_message("hjälp", service_url=connector.url)
    activity["channelId"] = "slack"
    token = openid.token(audience=APP_ID, service_url=connector.url)
    assert secured.post(activity, token=token).status_code == 401
    assert jwt.get_unverified_header(token)["kid"] == openid.kid


def test_replies_ask_for_a_bot_framework_token(secured, openid, connector, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The outbound token is asked for the Bot Connector's audience and scope, as MSAL will be."""
    from bot.teams.http import TEAMS_KEY

    runtime = secured.app[TEAMS_KEY]
    tokens = StaticTokenProvider()
    monkeypatch.setattr(runtime.adapter.factory, "_tokens", tokens)
    activity = payloads.personal_message("hjälp", service_url=connector.url)
    assert secured.post(activity, token=openid.token(audience=APP_ID, service_url=connector.url)).status_code == 201
    assert tokens.requests == [("https://api.botframework.com", ("https://api.botframework.com/.default",))]


def test_key_document_out_of_reach_is_401(sqlite_url, clock, monkeypatch, connector) -> None:  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.server import build_app
    from storage.migrate import upgrade

    with OpenIdServer() as gone:
        url, token = gone.metadata_url, gone.token(audience=APP_ID, service_url=connector.url)
    monkeypatch.setenv("TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL", url)  # nobody listens there any more
    monkeypatch.setenv("TO_BOT_FROM_CHANNEL_TOKEN_ISSUER", ISSUER)
    upgrade(sqlite_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=sqlite_url, MICROSOFT_APP_ID=APP_ID),
                              clock=clock)
    with ServerThread(build_app(services=services)) as running:
        assert running.post(payloads.personal_message("hjälp", service_url=connector.url), token=token).status_code == 401
    services.extras["engine"].dispose()
    assert connector.received == []


@pytest.mark.parametrize(("kind", "auth_type", "tenant"), [
    ("MultiTenant", "ClientSecret", "botframework.com"),
    ("SingleTenant", "ClientSecret", "tenant-1"),
    ("UserAssignedMSI", "UserManagedIdentity", "tenant-1"),
])
def test_outbound_credentials_follow_the_app_type(kind, auth_type, tenant) -> None:  # type: ignore[no-untyped-def]
    from bot.config import Settings
    from bot.teams.app import msal_token_provider

    settings = Settings(MICROSOFT_APP_ID=APP_ID, MICROSOFT_APP_PASSWORD="hemlig", MICROSOFT_APP_TYPE=kind,
                        MICROSOFT_APP_TENANT_ID="tenant-1")
    provider = msal_token_provider(settings)
    config = provider.configuration  # type: ignore[union-attr]
    assert (config.CLIENT_ID, str(config.AUTH_TYPE.value), config.TENANT_ID) == (APP_ID, auth_type, tenant)
    assert msal_token_provider(Settings(MICROSOFT_APP_ID="")) is None
