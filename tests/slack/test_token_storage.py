"""Slack tokens at rest: encrypted in the database, removed on uninstall or revocation, rotated.

The database must never hold a usable token (a backup is not a key ring): each test reads the raw
columns and looks for the plaintext. Uninstall and revocation arrive as signed Events API deliveries
through the real server and Bolt's listeners; rotation talks to the fake Slack Web API.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
import requests
from sqlalchemy import text

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackSender
from tests.slack.conftest import SIGNING_SECRET, ServerThread

TOKEN = "xoxb-1234567890-0987654321-PlainTextTokenAbc"
REFRESH = "xoxe-1-RefreshTokenThatMustNotLeak"
ROTATING = "xoxe.xoxb-1-" + "R" * 160  # rotating tokens are long: the ciphertext must still fit (PostgreSQL)


def _raw(engine: Any) -> str:
    """Every token column of both tables, as one string (what a database dump would show)."""
    with engine.connect() as conn:
        rows = [*conn.execute(text("SELECT bot_token, bot_refresh_token, user_token, user_refresh_token "
                                   "FROM slack_installations")),
                *conn.execute(text("SELECT bot_token, bot_refresh_token, NULL, NULL FROM slack_bots"))]
    return " ".join(str(value) for row in rows for value in row)


def _installation(*, team_id: str = "T0ENC", token: str = TOKEN, refresh: str | None = REFRESH,
                  expires_in: int | None = 43200) -> Any:
    from slack_sdk.oauth.installation_store import Installation

    return Installation(app_id="A0001", team_id=team_id, team_name="Kommunen", bot_token=token, bot_id="B1",
                        bot_user_id="UBOT0001", bot_scopes="commands,chat:write", bot_refresh_token=refresh,
                        bot_token_expires_in=expires_in, user_id="U0INSTALL", user_token="xoxp-user-secret",
                        is_enterprise_install=False)


@pytest.fixture
def store_on(any_db_url: str):  # type: ignore[no-untyped-def]
    from bot.slack.oauth import installation_store
    from storage.db import make_engine
    from storage.migrate import upgrade
    from storage.token_cipher import new_key

    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    key = new_key()
    yield engine, key, installation_store(client_id="111.222", engine=engine, token_key=key)
    engine.dispose()


def test_tokens_round_trip_and_the_columns_never_hold_plaintext(store_on) -> None:  # type: ignore[no-untyped-def]
    engine, _key, store = store_on
    store.save(_installation())
    store.save(_installation(team_id="T0ROT", token=ROTATING, refresh=REFRESH + "2"))
    raw = _raw(engine)
    for secret in (TOKEN, REFRESH, "xoxp-user-secret", ROTATING, "xox"):
        assert secret not in raw
    assert raw.count("gAAAAA") == 10  # 2 installations × 3 tokens + 2 bots × 2 tokens, all Fernet
    bot = store.find_bot(enterprise_id=None, team_id="T0ENC")
    assert (bot.bot_token, bot.bot_refresh_token) == (TOKEN, REFRESH)
    assert store.find_bot(enterprise_id=None, team_id="T0ROT").bot_token == ROTATING
    installation = store.find_installation(enterprise_id=None, team_id="T0ENC")
    assert (installation.bot_token, installation.user_token) == (TOKEN, "xoxp-user-secret")


def test_another_key_cannot_read_them_and_says_so(store_on) -> None:  # type: ignore[no-untyped-def]
    from bot.slack.oauth import installation_store
    from storage.token_cipher import TokenKeyError, new_key

    engine, key, store = store_on
    store.save(_installation())
    stranger = installation_store(client_id="111.222", engine=engine, token_key=new_key())
    with pytest.raises(TokenKeyError, match="SAMVERKAN_SLACK_TOKEN_KEY"):
        stranger.find_bot(enterprise_id=None, team_id="T0ENC")
    # a new key first, the old one after it: both read; rotation re-encrypts under the new one
    from bot.slack.oauth import seal_plaintext_rows
    from storage.token_cipher import TokenCipher

    newer = new_key()
    assert seal_plaintext_rows(engine=engine, cipher=TokenCipher(keys=[newer, key]), rotate=True) == 2
    only_new = installation_store(client_id="111.222", engine=engine, token_key=newer)
    assert only_new.find_bot(enterprise_id=None, team_id="T0ENC").bot_token == TOKEN


def test_rows_saved_before_encryption_are_sealed_on_start(store_on) -> None:  # type: ignore[no-untyped-def]
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    from bot.slack.oauth import installation_store

    engine, key, _store = store_on
    SQLAlchemyInstallationStore(client_id="111.222", engine=engine).save(_installation(team_id="T0OLD"))
    assert TOKEN in _raw(engine)  # what 0008-era code left behind
    store = installation_store(client_id="111.222", engine=engine, token_key=key)
    assert TOKEN not in _raw(engine)
    assert store.find_bot(enterprise_id=None, team_id="T0OLD").bot_token == TOKEN


class RotatingSlack(FakeSlack):
    """Slack with token rotation on: a refresh-token grant hands out a new pair."""

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "oauth.v2.access" and args.get("grant_type") == "refresh_token":
            assert args.get("refresh_token") == REFRESH
            return {"ok": True, "token_type": "bot", "access_token": "xoxe.xoxb-1-rotated", "refresh_token": "xoxe-1-next",
                    "expires_in": 43200, "team": {"id": "T0ENC"}}
        return super()._answer(method, args)


def test_reminders_rotate_an_expiring_token_and_store_the_new_pair_encrypted(sqlite_url: str) -> None:
    from bot.slack.oauth import installation_store, rotating_bot_tokens
    from storage.db import make_engine
    from storage.migrate import upgrade
    from storage.token_cipher import new_key

    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    fake = RotatingSlack().start()
    try:
        store = installation_store(client_id="111.222", engine=engine, token_key=new_key())
        store.save(_installation(expires_in=60))  # expires within Bolt's two-hour margin
        lookup = rotating_bot_tokens(store=store, client_id="111.222", client_secret="s3cret", api_url=fake.api_url)
        assert lookup("T0ENC") == "xoxe.xoxb-1-rotated"
        [grant] = fake.of("oauth.v2.access")
        assert grant.args["grant_type"] == "refresh_token"
        assert "rotated" not in _raw(engine) and "xoxe-1-next" not in _raw(engine)
        assert store.find_bot(enterprise_id=None, team_id="T0ENC").bot_refresh_token == "xoxe-1-next"
        assert lookup("T0ENC") == "xoxe.xoxb-1-rotated"  # fresh now: no second grant
        assert len(fake.of("oauth.v2.access")) == 1
    finally:
        fake.stop()
        engine.dispose()


@pytest.fixture
def installed(sqlite_url: str, fake_slack: FakeSlack, clock):  # type: ignore[no-untyped-def]
    """The real server in OAuth mode, with workspace T0NEW installed through /slack/install."""
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.server import build_app
    from storage.migrate import upgrade
    from storage.token_cipher import new_key

    upgrade(sqlite_url)
    settings = Settings(SAMVERKAN_DATABASE_URL=sqlite_url, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                        SLACK_API_URL=fake_slack.api_url, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="s3cret",
                        SLACK_BOT_TOKEN="", SLACK_APP_TOKEN="", SAMVERKAN_SLACK_TOKEN_KEY=new_key(),
                        SAMVERKAN_PUBLIC_URL="https://samverkan.example.se")
    services = build_services(settings=settings, clock=clock)
    with ServerThread(build_app(services=services)) as server:
        page = requests.get(f"{server.url}/slack/install", timeout=10)
        link = re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', page.text).group(1).replace("&amp;", "&")
        state = re.search(r"state=([^&]+)", link).group(1)
        done = requests.get(f"{server.url}/slack/oauth_redirect", params={"code": "abc", "state": state},
                            headers={"Cookie": page.headers["Set-Cookie"].split(";")[0]}, timeout=10)
        assert done.status_code == 200, done.text
        assert _count(services.engine) == (1, 1)
        yield services, SlackSender(url=server.url, secret=SIGNING_SECRET, team_id="T0NEW")
    services.engine.dispose()


def _count(engine: Any) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.execute(text("SELECT count(*) FROM slack_installations WHERE team_id = 'T0NEW'")).scalar_one(),
                conn.execute(text("SELECT count(*) FROM slack_bots WHERE team_id = 'T0NEW'")).scalar_one())


def _eventually(predicate: Any) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_uninstall_removes_the_workspaces_tokens(installed) -> None:  # type: ignore[no-untyped-def]
    services, slack = installed
    answer = slack.event({"type": "app_uninstalled", "event_ts": "1700000000.000100"})
    assert answer.status_code == 200
    assert _eventually(lambda: _count(services.engine) == (0, 0))


def test_revoked_bot_token_is_removed(installed) -> None:  # type: ignore[no-untyped-def]
    services, slack = installed
    answer = slack.event({"type": "tokens_revoked", "tokens": {"oauth": ["U0INSTALL"], "bot": ["UBOT0001"]},
                          "event_ts": "1700000000.000200"})
    assert answer.status_code == 200
    assert _eventually(lambda: _count(services.engine) == (0, 0))


def test_forged_uninstall_is_refused_and_keeps_the_tokens(installed) -> None:  # type: ignore[no-untyped-def]
    services, slack = installed
    forger = SlackSender(url=slack.url.removesuffix("/slack/events"), secret="not-the-signing-secret", team_id="T0NEW")
    assert forger.event({"type": "app_uninstalled"}).status_code == 401
    time.sleep(0.3)
    assert _count(services.engine) == (1, 1)


def test_serve_refuses_oauth_without_a_token_key(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.cli_runner import invoke

    result = invoke(["serve", "--port", "0"], env={
        "SAMVERKAN_DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}", "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "x", "SLACK_SIGNING_SECRET": "y", "SAMVERKAN_SLACK_TOKEN_KEY": ""},
        monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert "SAMVERKAN_SLACK_TOKEN_KEY" in result.output and "Traceback" not in result.output


def test_token_columns_hold_a_long_rotating_token_on_postgres(any_db_url: str) -> None:
    """VARCHAR(200) (slack_sdk's) would refuse this ciphertext on PostgreSQL; migration 0013 widens it."""
    from bot.slack.oauth import installation_store
    from storage.db import make_engine
    from storage.migrate import upgrade
    from storage.token_cipher import new_key

    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    try:
        store = installation_store(client_id="111.222", engine=engine, token_key=new_key())
        store.save(_installation(token="xoxe.xoxb-1-" + "L" * 243, refresh="xoxe-1-" + "F" * 248))
        assert store.find_bot(enterprise_id=None, team_id="T0ENC").bot_token.endswith("L" * 243)
    finally:
        engine.dispose()


class RefusingSlack(FakeSlack):
    """Slack refusing a refresh (another process used the refresh token first)."""

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "oauth.v2.access":
            return {"ok": False, "error": "invalid_refresh_token"}
        return super()._answer(method, args)


def test_a_refused_rotation_keeps_the_stored_token_and_does_not_crash(sqlite_url: str) -> None:
    from bot.slack.oauth import installation_store, rotating_bot_tokens
    from storage.db import make_engine
    from storage.migrate import upgrade
    from storage.token_cipher import new_key

    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    fake = RefusingSlack().start()
    try:
        store = installation_store(client_id="111.222", engine=engine, token_key=new_key())
        store.save(_installation(expires_in=60))
        lookup = rotating_bot_tokens(store=store, client_id="111.222", client_secret="s3cret", api_url=fake.api_url)
        assert lookup("T0ENC") == TOKEN  # still valid for a minute; the next post tries again
        assert len(fake.of("oauth.v2.access")) == 1
    finally:
        fake.stop()
        engine.dispose()
