"""Events API through the real server: dnr mentions answered in threads, and the App Home tab."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import seed_path
from tests.scenarios.seed_scripts import seed_000_script
from tests.slack.validate import assert_blocks, assert_view


def _message(text: str, *, channel: str = "C0UTBAU", ts: str = "1700000001.000100", **extra) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {"type": "message", "channel": channel, "user": "U0ANNA", "text": text, "ts": ts,
            "channel_type": "channel", **extra}


@pytest.fixture
def recorded(slack):  # type: ignore[no-untyped-def]
    for line in seed_000_script(seed_path("000")):
        word, _, rest = line.partition(" ")
        assert slack.command(f"/{word}", rest).status_code == 200
    return slack


def test_dnr_mention_gets_a_compact_threaded_answer_only_where_watching_is_on(recorded, fake_slack) -> None:
    slack = recorded
    assert slack.event(_message("vad blev det med UTB 22/30?")).status_code == 200
    time.sleep(0.3)
    assert fake_slack.of("chat.postMessage") == []  # off by default
    answer = slack.command("/samverkan", "bevakning på").json()
    assert answer["response_type"] == "in_channel"
    response = slack.event(_message("vad blev det med UTB 22/30?", ts="1700000002.000200"), event_id="EvWATCH1")
    assert response.status_code == 200
    fake_slack.wait_for(lambda f: len(f.of("chat.postMessage")) == 1)
    [post] = fake_slack.of("chat.postMessage")
    assert (post.args["channel"], post.args["thread_ts"]) == ("C0UTBAU", "1700000002.000200")
    assert_blocks(post.args["blocks"])
    assert "§ 19 Ny samverkansmodell i länet" in json.dumps(post.args["blocks"], ensure_ascii=False)
    # Slack retries the same event: answered once
    slack.event(_message("vad blev det med UTB 22/30?", ts="1700000002.000200"), event_id="EvWATCH1",
                headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    # an unknown dnr, a bot's own message and an edit are not answered
    slack.event(_message("och KS 2023/145 då?", ts="1700000003.000300"))
    slack.event(_message("UTB 22/30", ts="1700000004.000400", bot_id="BOTHER", subtype="bot_message"))
    slack.event(_message("UTB 22/30", ts="1700000005.000500", subtype="message_changed"))
    time.sleep(0.5)
    assert len(fake_slack.of("chat.postMessage")) == 1


def test_home_tab_shows_my_assignments_and_meetings(slack, fake_slack) -> None:
    slack.command("/samverkan", 'organ ny "Strategigrupp vuxna" kort SV typ strategigrupp')
    slack.command("/samverkan", "kanal Strategigrupp vuxna")
    slack.command("/mote", "ny 2022-04-20 kl. 9:00 plats Kommunhuset")
    slack.command("/uppdrag", "ny <@U0KRISTINA|kristina>: sammanställ enkäten senast 1/5")
    slack.event({"type": "app_home_opened", "user": "U0KRISTINA", "channel": "D0KRISTINA", "tab": "home"})
    fake_slack.wait_for(lambda f: len(f.of("views.publish")) == 1)
    [call] = fake_slack.of("views.publish")
    assert call.args["user_id"] == "U0KRISTINA"
    view = call.args["view"]
    assert view["type"] == "home"
    assert_view(view)
    dumped = json.dumps(view, ensure_ascii=False)
    assert "Mina uppdrag" in dumped and "Kommande möten" in dumped
    assert "sammanställ enkäten" in dumped
    assert "Kommunhuset" in dumped or "20 april" in dumped
