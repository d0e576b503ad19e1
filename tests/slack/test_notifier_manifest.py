"""The Slack notifier against the fake Web API, and the manifest generated from the registry."""

from __future__ import annotations

import pytest

from bot.slack.manifest import BOT_SCOPES, build_manifest
from bot.slack.notifier import SlackNotifier, single_token
from handlers import registry
from handlers.notify import DeliveryError, Destination
from handlers.reply import Reply
from tests.slack.validate import assert_blocks

REMINDER = Reply(title="Påminnelse: uppdrag 4", text="Senast måndag 31 oktober 2022 – <!channel> & co")


@pytest.fixture
def notifier(fake_slack) -> SlackNotifier:  # type: ignore[no-untyped-def]
    return SlackNotifier(token_for=single_token("xoxb-test"), base_url=fake_slack.api_url)


def _channel(address: str = "C0UTBAU") -> Destination:
    return Destination(platform="slack", tenant_external_id="T0001", kind="channel", address=address)


def test_channel_post_has_blocks_and_escaped_fallback(notifier, fake_slack) -> None:
    message_id = notifier.post(destination=_channel(), reply=REMINDER)
    [call] = fake_slack.of("chat.postMessage")
    assert message_id == f"C0UTBAU:{1700000001}.000100"
    assert call.args["channel"] == "C0UTBAU" and call.headers["authorization"] == "Bearer xoxb-test"
    assert_blocks(call.args["blocks"])
    assert "<!channel>" not in call.args["text"] and "&lt;!channel&gt; &amp; co" in call.args["text"]


def test_person_gets_a_dm_through_conversations_open(notifier, fake_slack) -> None:
    person = Destination(platform="slack", tenant_external_id="T0001", kind="person", address="U0LINA")
    notifier.post(destination=person, reply=REMINDER)
    assert fake_slack.of("conversations.open")[0].args["users"] == "U0LINA"
    assert fake_slack.of("chat.postMessage")[0].args["channel"] == "D0LINA"


def test_rate_limit_becomes_retry_after(notifier, fake_slack) -> None:
    fake_slack.fail("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(DeliveryError) as caught:
        notifier.post(destination=_channel(), reply=REMINDER)
    assert caught.value.retry_after == 7 and not caught.value.permanent
    assert len(fake_slack.of("chat.postMessage")) == 1  # no hidden retry: the outbox reschedules


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "is_archived"])
def test_gone_channels_are_permanent_failures(notifier, fake_slack, error: str) -> None:
    fake_slack.fail("chat.postMessage", error=error)
    with pytest.raises(DeliveryError) as caught:
        notifier.post(destination=_channel(), reply=REMINDER)
    assert caught.value.permanent


def test_server_error_is_transient(notifier, fake_slack) -> None:
    fake_slack.fail("chat.postMessage", status=500)
    with pytest.raises(DeliveryError) as caught:
        notifier.post(destination=_channel(), reply=REMINDER)
    assert not caught.value.permanent and caught.value.retry_after is None


def test_interactive_answers_are_retried_after_429(slack, fake_slack) -> None:
    fake_slack.fail("chat.postMessage", status=429, retry_after=1)
    import json

    slack.click(value=json.dumps({"command": "samverkan hjälp", "input": None}), response_url=None, channel_id=None)
    fake_slack.wait_for(lambda f: len(f.of("chat.postMessage")) == 2, timeout=8)


def test_manifest_lists_every_registry_command_and_only_needed_scopes() -> None:
    manifest = build_manifest(public_url="https://samverkan.example.se/", socket_mode=False, oauth=True)
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [spec.slash for spec in registry.COMMANDS]
    assert all(c["url"] == "https://samverkan.example.se/slack/events" and c["should_escape"] for c in commands)
    assert all(len(c["description"]) <= 100 for c in commands)
    assert manifest["oauth_config"]["scopes"]["bot"] == sorted(BOT_SCOPES)
    assert "channels:read" not in BOT_SCOPES and "admin" not in " ".join(BOT_SCOPES)
    # find_posted reads the bot's own posts back (conversations.history) in channels and DMs
    assert {"channels:history", "groups:history", "im:history"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    assert manifest["oauth_config"]["redirect_urls"] == ["https://samverkan.example.se/slack/oauth_redirect"]
    settings = manifest["settings"]
    assert settings["interactivity"]["request_url"] == settings["event_subscriptions"]["request_url"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "message.channels",
                                                                 "message.groups", "message.im"}
    assert {"files:read", "im:history"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    assert "files:write" in BOT_SCOPES  # «Ladda ned PDF» shares the protocol (files.uploadV2), nothing more


def test_socket_mode_manifest_needs_no_public_url() -> None:
    manifest = build_manifest(public_url="http://127.0.0.1:3978", socket_mode=True, oauth=False)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert all("url" not in c for c in manifest["features"]["slash_commands"])
    assert "redirect_urls" not in manifest["oauth_config"]
