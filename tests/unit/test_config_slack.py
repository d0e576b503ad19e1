"""When is Slack served? A bot token (or OAuth client) plus a way to receive: HTTP or Socket Mode."""

from __future__ import annotations

import pytest

from bot.config import Settings

UNSET = {"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "", "SLACK_APP_TOKEN": "", "SLACK_CLIENT_ID": "",
         "SLACK_CLIENT_SECRET": ""}


def settings(**values: str) -> Settings:
    """Settings from exactly these Slack values, whatever the environment or a .env file says."""
    return Settings(_env_file=None, **{**UNSET, **values})  # type: ignore[call-arg]


@pytest.mark.parametrize(("values", "served"), [
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, True),  # Socket Mode: no signing secret
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, True),  # HTTP
    ({"SLACK_CLIENT_ID": "1.2", "SLACK_APP_TOKEN": "xapp-1"}, True),  # OAuth over Socket Mode
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, False),  # no way to receive anything
    ({"SLACK_APP_TOKEN": "xapp-1"}, False),  # nothing to answer with
    ({"SLACK_SIGNING_SECRET": "s"}, False),
    ({}, False),
])
def test_slack_is_configured_with_a_token_and_either_a_signing_secret_or_an_app_token(
        values: dict[str, str], served: bool) -> None:
    assert settings(**values).slack_configured is served


def test_socket_mode_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    read = Settings(_env_file=None)  # type: ignore[call-arg]
    assert read.slack_configured
    assert read.slack_signing_secret is None
    assert read.slack_app_token is not None and read.slack_app_token.get_secret_value() == "xapp-1"
