"""Socket Mode end to end: the real server connects out to a local fake Socket Mode server.

``build_app`` runs with ``SLACK_APP_TOKEN`` and no signing secret, exactly as behind a firewall
that allows no inbound traffic. The server asks the fake Web API for a WebSocket URL
(``apps.connections.open``), starts connecting in its start-up hook, and the test pushes Slack-shaped
envelopes over that socket and reads the acknowledgements Slack would read.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from storage.models import Assignment, Body, ProcessedEvent
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_socket import FakeSocketMode
from tests.slack.conftest import ServerThread
from tests.slack.validate import assert_blocks

APP_TOKEN = "xapp-1-A0001-1-test"
TEAM = "T0001"
CHANNEL = "C0SOCKET"


@pytest.fixture
def socket_mode(fake_slack: FakeSlack) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode(lifetime=60).start()
    fake_slack.socket_url = server.url
    yield server
    server.stop()


@pytest.fixture
def socket_settings(sqlite_url: str, fake_slack: FakeSlack):  # type: ignore[no-untyped-def]
    from bot.config import Settings

    return Settings(SAMVERKAN_DATABASE_URL=sqlite_url, SLACK_BOT_TOKEN="xoxb-test", SLACK_APP_TOKEN=APP_TOKEN,
                    SLACK_SIGNING_SECRET="", SLACK_API_URL=fake_slack.api_url, SLACK_CLIENT_ID="",
                    SLACK_CLIENT_SECRET="")


@pytest.fixture
def socket_services(socket_settings, clock):  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from storage.migrate import upgrade

    upgrade(socket_settings.database_url)
    services = build_services(settings=socket_settings, clock=clock)
    yield services
    services.extras["engine"].dispose()


@pytest.fixture
def server(socket_mode: FakeSocketMode, socket_services) -> Iterator[ServerThread]:  # type: ignore[no-untyped-def]
    from bot.server import build_app

    with ServerThread(build_app(services=socket_services)) as running:
        socket_mode.wait_connected()
        yield running


def command_payload(slash: str, text: str, *, response_url: str = "") -> dict[str, Any]:
    """A slash command's payload as Slack sends it in Socket Mode (the HTTP form fields, as JSON)."""
    trigger = uuid.uuid4().hex
    return {"token": "legacy", "team_id": TEAM, "team_domain": "ange", "channel_id": CHANNEL,
            "channel_name": "styrgruppen", "user_id": "U0KRISTINA", "user_name": "kristina",
            "command": slash, "text": text, "api_app_id": "A0001", "is_enterprise_install": "false",
            "response_url": response_url, "trigger_id": f"{trigger}.1.x"}


def command(fake_socket: FakeSocketMode, slash: str, text: str, *, response_url: str = "") -> dict[str, Any]:
    """Push a slash command; the acknowledgement envelope comes back."""
    return fake_socket.push("slash_commands", command_payload(slash, text, response_url=response_url))


def _buttons(answer: dict[str, Any]) -> dict[str, str]:
    return {element["text"]["text"]: element["value"]
            for block in answer["blocks"] if block["type"] == "actions" for element in block["elements"]}


def _rows(services, query):  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return session.scalars(query).all()


def test_connects_with_the_app_token_and_serves_no_http_endpoint(server, socket_mode, fake_slack) -> None:
    [opened] = fake_slack.of("apps.connections.open")
    assert opened.headers["authorization"] == f"Bearer {APP_TOKEN}"
    assert socket_mode.connections == 1
    # without a signing secret nothing listens for Slack over HTTP; the rest of the server does
    assert requests.post(f"{server.url}/slack/events", data="x", timeout=5).status_code in (404, 405)
    assert requests.get(f"{server.url}/healthz", timeout=5).json() == {"status": "ok"}


def test_slash_commands_are_answered_in_the_ack_envelope(server, socket_mode, socket_services, fake_slack) -> None:
    ack = command(socket_mode, "/samverkan", "hjälp", response_url=fake_slack.response_url("help"))
    assert set(ack) == {"envelope_id", "payload"}
    answer = ack["payload"]
    assert answer["response_type"] == "ephemeral"
    assert_blocks(answer["blocks"])
    assert answer["blocks"][0]["text"]["text"] == "Samverkan – kommandon"
    assert "/beslut" in answer["text"]

    ack = command(socket_mode, "/samverkan", 'organ ny "Styrgruppen"', response_url=fake_slack.response_url("c"))
    answer = ack["payload"]
    assert answer["response_type"] == "in_channel"
    assert_blocks(answer["blocks"])
    assert "Styrgruppen" in answer["blocks"][0]["text"]["text"]
    assert _rows(socket_services, select(Body.name)) == ["Styrgruppen"]

    listing = command(socket_mode, "/samverkan", "organ lista", response_url=fake_slack.response_url("c"))["payload"]
    assert_blocks(listing["blocks"])
    assert "Styrgruppen" in json.dumps(listing["blocks"], ensure_ascii=False)
    # the write was recorded once, under its delivery key; the lookups wrote nothing
    assert len(_rows(socket_services, select(ProcessedEvent.key))) == 1
    # every answer travelled in an ack: nothing was posted to Slack (auth.test is Bolt's authorize)
    time.sleep(0.3)
    assert {call.method for call in fake_slack.calls} == {"apps.connections.open", "auth.test"}


def test_klar_button_over_the_socket_finishes_the_assignment(server, socket_mode, socket_services,
                                                             fake_slack) -> None:
    command(socket_mode, "/samverkan", 'organ ny "Strategigrupp vuxna" kort SV typ strategigrupp')
    command(socket_mode, "/samverkan", "kanal Strategigrupp vuxna")
    answer = command(socket_mode, "/uppdrag", "ny skolchef: ta fram förslag senast 31/10")["payload"]
    assert_blocks(answer["blocks"])
    buttons = _buttons(answer)
    assert set(buttons) == {"Klar", "Flytta sista dag"}
    click = {
        "type": "block_actions", "api_app_id": "A0001", "token": "legacy",
        "user": {"id": "U0KRISTINA", "username": "kristina", "name": "kristina", "team_id": TEAM},
        "team": {"id": TEAM, "domain": "ange"}, "trigger_id": f"{uuid.uuid4().hex}.1.x",
        "container": {"type": "message", "channel_id": CHANNEL}, "channel": {"id": CHANNEL, "name": "styrgruppen"},
        "response_url": fake_slack.response_url("klar"),
        "actions": [{"type": "button", "action_id": "samverkan:button:0", "block_id": "b1",
                     "text": {"type": "plain_text", "text": "Klar"}, "value": buttons["Klar"],
                     "action_ts": str(time.time())}],
    }
    ack = socket_mode.push("interactive", click)
    assert "payload" not in ack  # an empty ack; the answer follows on response_url
    fake_slack.wait_for(lambda f: len(f.of("response_url")) == 1)
    [post] = fake_slack.of("response_url")
    assert post.path == "/response/klar" and post.args["replace_original"] is False
    assert_blocks(post.args["blocks"])
    assert "klart" in post.args["text"]
    assert [row.status for row in _rows(socket_services, select(Assignment))] == ["done"]


def test_dnr_mention_in_a_watched_channel_is_answered_in_its_thread(server, socket_mode, fake_slack) -> None:
    for slash, text in [("/samverkan", 'organ ny "Styrgruppen" kort SG typ styrgrupp'),
                        ("/samverkan", "kanal Styrgruppen"),
                        ("/mote", "ny 2022-03-30 kl. 13:00 plats Kommunhuset"),
                        ("/beslut", "registrera § 5 Ny rutin för samverkan dnr SG 22/7 möte 2022-03-30: "
                                    "1. att anta rutinen"),
                        ("/samverkan", "bevakning på")]:
        assert command(socket_mode, slash, text)["payload"]["response_type"] == "in_channel", text
    event = {"type": "message", "channel": CHANNEL, "user": "U0ANNA", "text": "vad blev det med SG 22/7?",
             "ts": "1700000009.000900", "channel_type": "channel"}
    callback = {"token": "legacy", "team_id": TEAM, "api_app_id": "A0001", "event": event, "type": "event_callback",
                "event_id": "EvSOCKET1", "event_time": int(time.time()),
                "authorizations": [{"team_id": TEAM, "user_id": "UBOT0001", "is_bot": True}]}
    ack = socket_mode.push("events_api", callback)
    assert "payload" not in ack
    fake_slack.wait_for(lambda f: len(f.of("chat.postMessage")) == 1)
    [post] = fake_slack.of("chat.postMessage")
    assert (post.args["channel"], post.args["thread_ts"]) == (CHANNEL, "1700000009.000900")
    assert post.headers["authorization"] == "Bearer xoxb-test"
    assert_blocks(post.args["blocks"])
    assert "Ny rutin för samverkan" in json.dumps(post.args["blocks"], ensure_ascii=False)
    # Slack's retry of the same event (retry_attempt in the envelope) is not answered again
    socket_mode.push("events_api", callback, retry_attempt=1, retry_reason="timeout")
    time.sleep(0.5)
    assert len(fake_slack.of("chat.postMessage")) == 1


def test_a_refused_app_token_does_not_keep_the_server_from_starting(socket_mode, socket_services,
                                                                   fake_slack) -> None:
    from bot.server import build_app

    fake_slack.fail("apps.connections.open", error="invalid_auth", times=100)
    started = time.monotonic()
    with ServerThread(build_app(services=socket_services)) as running:
        assert requests.get(f"{running.url}/healthz", timeout=5).json() == {"status": "ok"}
        fake_slack.wait_for(lambda f: len(f.of("apps.connections.open")) >= 1)
    assert time.monotonic() - started < 5  # started and stopped while slack_sdk was still retrying
    assert socket_mode.connections == 0


def test_samverkan_run_serves_slack_over_socket_mode_with_only_the_two_tokens(tmp_path, sqlite_url, fake_slack,
                                                                             socket_mode) -> None:
    """What `make run` starts: the CLI reads the environment, sees Slack configured, serves Socket Mode."""
    from storage.migrate import upgrade

    upgrade(sqlite_url)  # `make run` runs `samverkan db upgrade` first
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SLACK_", "SAMVERKAN_"))}
    env.update(SLACK_BOT_TOKEN="xoxb-test", SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=fake_slack.api_url,
               SAMVERKAN_DATABASE_URL=sqlite_url, SAMVERKAN_HOST="127.0.0.1", SAMVERKAN_PORT=str(port))
    samverkan = Path(sys.executable).with_name("samverkan")
    process = subprocess.Popen([str(samverkan), "run"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        socket_mode.wait_connected(timeout=15)
        answer = command(socket_mode, "/samverkan", "hjälp")["payload"]
        assert_blocks(answer["blocks"])
        assert answer["blocks"][0]["text"]["text"] == "Samverkan – kommandon"
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json() == {"status": "ok"}
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode("utf-8", "replace")
    assert "terminalchatten" not in output, output  # it did not fall back to the console chat
    assert "Traceback" not in output, output
