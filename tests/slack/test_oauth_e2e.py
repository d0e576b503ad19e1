"""Multi-workspace install: Bolt's OAuth flow with installations saved in our database."""

from __future__ import annotations

import re

import requests
from sqlalchemy import text

from tests.slack.conftest import SIGNING_SECRET, ServerThread


def test_install_then_redirect_saves_the_workspace_bot_token(sqlite_url, fake_slack, clock) -> None:
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.server import build_app
    from storage.migrate import upgrade

    upgrade(sqlite_url)
    settings = Settings(SAMVERKAN_DATABASE_URL=sqlite_url, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                        SLACK_API_URL=fake_slack.api_url, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="s3cret",
                        SLACK_BOT_TOKEN="", SLACK_APP_TOKEN="", SAMVERKAN_PUBLIC_URL="https://samverkan.example.se",
                        SAMVERKAN_SLACK_TOKEN_KEY="PkVd1oyXRbZ0H1XoG7QeYFf5n0m2b3WvVfVJ6m3nJxM=")
    services = build_services(settings=settings, clock=clock)
    with ServerThread(build_app(services=services)) as server:
        page = requests.get(f"{server.url}/slack/install", timeout=10)
        assert page.status_code == 200
        link = re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', page.text).group(1).replace("&amp;", "&")
        assert link.startswith(fake_slack.base) and "client_id=111.222" in link
        assert "redirect_uri=https://samverkan.example.se/slack/oauth_redirect" in link
        state = re.search(r"state=([^&]+)", link).group(1)
        cookie = page.headers["Set-Cookie"].split(";")[0]  # a Secure cookie: the browser would send it over https
        assert cookie.startswith("slack-app-oauth-state=")
        done = requests.get(f"{server.url}/slack/oauth_redirect", params={"code": "abc", "state": state},
                            headers={"Cookie": cookie}, timeout=10)
        assert done.status_code == 200, done.text
        forged = requests.get(f"{server.url}/slack/oauth_redirect", params={"code": "abc", "state": "nope"},
                              timeout=10)
        assert forged.status_code != 200
    [exchange] = fake_slack.of("oauth.v2.access")
    assert exchange.args["code"] == "abc"
    with services.extras["engine"].connect() as conn:
        rows = conn.execute(text("SELECT team_id, bot_token FROM slack_bots")).all()
    assert [team for team, _token in rows] == ["T0NEW"]
    assert rows[0][1].startswith("gAAAAA") and "xoxb" not in rows[0][1]  # encrypted at rest (test_token_storage)
    notifier = services.extras["notifiers"]["slack"]
    from handlers.notify import Destination
    from handlers.reply import Reply

    notifier.post(destination=Destination(platform="slack", tenant_external_id="T0NEW", kind="channel",
                                          address="C1"), reply=Reply(text="Påminnelse"))
    assert fake_slack.of("chat.postMessage")[0].headers["authorization"] == "Bearer xoxb-installed"
    services.extras["engine"].dispose()
