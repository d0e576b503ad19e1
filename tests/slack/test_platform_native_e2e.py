"""Issue 17 in Slack: the clicked card is edited in place, and help speaks Slack's own syntax."""

from __future__ import annotations

import json
from typing import Any

from tests.slack.validate import assert_blocks

CHANNEL = "C0UTBAU"


def _setup_body(slack) -> None:  # type: ignore[no-untyped-def]
    slack.command("/samverkan", 'organ ny "Strategigrupp vuxna" kort SV typ strategigrupp')
    slack.command("/samverkan", "kanal Strategigrupp vuxna")
    slack.command("/samverkan", "medlem lägg till <@U0LINA|lina> som ledamot")


def _with_block_ids(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """As Slack stores a posted message: every block gets a block_id."""
    return [{**block, "block_id": block.get("block_id") or f"blk{index}"} for index, block in enumerate(blocks)]


def _click(slack, *, message: list[dict[str, Any]], label: str, user_id: str, ts: str = "1700000099.000100",
           ephemeral: bool = False, response_url: str | None = None):  # type: ignore[no-untyped-def]
    """A click on the button ``label`` of a posted message, with the container Slack sends."""
    for block in message:
        for element in block.get("elements") or []:
            if block["type"] == "actions" and element["text"]["text"] == label:
                action = {**element, "block_id": block["block_id"], "action_ts": "1"}
                payload = {
                    "type": "block_actions", "user": slack.user(user_id), "api_app_id": "A0001", "token": "legacy",
                    "team": {"id": slack.team_id, "domain": "ange"}, "trigger_id": "123.1.x",
                    "container": {"type": "message", "channel_id": CHANNEL, "message_ts": ts,
                                  "is_ephemeral": ephemeral},
                    "channel": {"id": CHANNEL, "name": "utb-au"},
                    "message": {"type": "message", "ts": ts, "blocks": message},
                    "actions": [action],
                }
                if response_url:
                    payload["response_url"] = response_url
                return slack.interaction(payload)
    raise AssertionError(f"no button {label}")


def _buttons(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_klar_edits_the_clicked_card_and_a_second_click_says_who_and_when(slack, fake_slack) -> None:
    _setup_body(slack)
    fake_slack.users["U0LINA"] = "Lina Lindman"
    answer = slack.command("/uppdrag", "ny <@U0LINA|lina>: ta fram förslag senast 31/10").json()
    message = _with_block_ids(answer["blocks"])
    assert _buttons(message) == ["Klar", "Flytta sista dag"]
    _click(slack, message=message, label="Klar", user_id="U0LINA")
    fake_slack.wait_for(lambda f: len(f.of("chat.update")) == 1)
    [update] = fake_slack.of("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (CHANNEL, "1700000099.000100")
    blocks = update.args["blocks"]
    assert_blocks(blocks)
    assert _buttons(blocks) == []  # no live Klar on a done uppdrag
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "Klart – markerat av" in shown
    # someone else clicks the same (stale) card: told who did it and when, and the card is refreshed again
    fake_slack.calls.clear()
    _click(slack, message=message, label="Klar", user_id="U0KRISTINA")
    fake_slack.wait_for(lambda f: len(f.of("chat.update")) == 1 and len(f.of("chat.postEphemeral")) == 1)
    [told] = fake_slack.of("chat.postEphemeral")
    assert told.args["user"] == "U0KRISTINA"
    assert "redan klart – markerat av" in told.args["text"]


def test_a_click_in_a_list_replaces_only_that_rows_buttons(slack, fake_slack) -> None:
    _setup_body(slack)
    slack.command("/uppdrag", "ny skolchef: första uppgiften senast 31/10")
    slack.command("/uppdrag", "ny skolchef: andra uppgiften senast 30/11")
    listing = _with_block_ids(slack.command("/uppdrag", "lista").json()["blocks"])
    assert _buttons(listing).count("Klar") == 2
    _click(slack, message=listing, label="Klar", user_id="U0KRISTINA")
    fake_slack.wait_for(lambda f: len(f.of("chat.update")) == 1)
    blocks = fake_slack.of("chat.update")[0].args["blocks"]
    assert_blocks(blocks)
    assert _buttons(blocks).count("Klar") == 1  # the other row keeps its buttons
    assert "andra uppgiften" in json.dumps(blocks, ensure_ascii=False)


def test_flytta_deadline_from_an_ephemeral_card_replaces_it_through_response_url(slack, fake_slack) -> None:
    _setup_body(slack)
    answer = slack.command("/uppdrag", "ny skolchef: ta fram förslag senast 31/10").json()
    message = _with_block_ids(answer["blocks"])
    url = fake_slack.response_url("moved")
    _click(slack, message=message, label="Flytta sista dag", user_id="U0KRISTINA", ephemeral=True, response_url=url)
    [opened] = fake_slack.of("views.open")
    slack.submit(view=opened.args["view"], values={"value": "15/11 eftersom underlaget är försenat"})
    fake_slack.wait_for(lambda f: any(c.args.get("replace_original") is True for c in f.of("response_url")))
    [replaced] = [c for c in fake_slack.of("response_url") if c.args.get("replace_original") is True]
    shown = json.dumps(replaced.args["blocks"], ensure_ascii=False)
    assert "15 november 2022" in shown and "underlaget är försenat" in shown


def test_help_in_slack_speaks_only_slash_commands(slack) -> None:
    overview = slack.command("/samverkan", "hjälp").json()
    detail = slack.command("/samverkan", "hjälp uppdrag").json()
    for answer in (overview, detail):
        text = json.dumps(answer["blocks"], ensure_ascii=False)
        assert "@Samverkan" not in text
    detail_text = json.dumps(detail["blocks"], ensure_ascii=False)
    assert "/uppdrag klar NR" in detail_text
    # Slack hears no bare words: the intro names the slash command that shows more
    overview_text = json.dumps(overview["blocks"], ensure_ascii=False)
    assert "/samverkan hjälp KOMMANDO" in overview_text and "utan snedstreck" not in overview_text


def test_a_new_assignment_mentions_its_assignee(slack, fake_slack) -> None:
    _setup_body(slack)
    answer = slack.command("/uppdrag", "ny <@U0LINA|lina>: ta fram förslag senast 31/10").json()
    sections = [b["text"]["text"] for b in answer["blocks"] if b["type"] == "section"]
    assert any("<@U0LINA>" in text for text in sections), sections
    assert "<@U0LINA>" in answer["text"]


def test_the_decision_form_has_an_ersatt_field_that_overwrites_the_paragraph(slack, fake_slack) -> None:
    _setup_body(slack)
    slack.command("/mote", "ny 2022-03-30 kl. 13:00")
    values = {"number": "19", "title": "Ny samverkansmodell", "meeting": "2022-03-30",
              "clauses": "att ge skolchef i uppdrag att arbeta vidare"}
    assert slack.command("/beslut", "registrera").text == ""
    [opened] = fake_slack.of("views.open")
    view = opened.args["view"]
    assert "replace" in [block["block_id"] for block in view["blocks"]]
    slack.submit(view=view, values=values)
    fake_slack.wait_for(lambda f: len(f.of("response_url")) + len(f.of("chat.postMessage")) >= 1)
    taken = slack.submit(view=view, values={**values, "clauses": "att ge skolchef i uppdrag att avsluta"})
    assert taken.json()["response_action"] == "errors"  # the number is taken: said at the field
    fake_slack.calls.clear()
    replaced = slack.submit(view=view, values={**values, "clauses": "att ge skolchef i uppdrag att avsluta",
                                               "replace": "ja"})
    assert replaced.status_code == 200 and replaced.text == ""
    fake_slack.wait_for(lambda f: len(f.of("response_url")) + len(f.of("chat.postMessage")) >= 1)
    posted = (fake_slack.of("response_url") + fake_slack.of("chat.postMessage"))[0]
    assert "ändrad" in posted.args["text"]


def test_member_list_puts_the_ordforande_first(slack) -> None:
    _setup_body(slack)  # Kristina sekreterare, Lina ledamot
    slack.command("/samverkan", "medlem lägg till <@U0ANNA|anna> som ordförande")
    answer = slack.command("/samverkan", "medlem lista").json()
    shown = json.dumps(answer["blocks"], ensure_ascii=False)
    order = [shown.index(role) for role in ("ordförande", "sekreterare", "ledamot")]
    assert order == sorted(order), shown


def test_a_very_long_agenda_title_is_refused_with_the_limit(slack) -> None:
    _setup_body(slack)
    slack.command("/mote", "ny 2030-03-30 kl. 13:00")
    answer = slack.command("/dagordning", "lägg till " + "Samverkan kring barn " * 300).json()
    assert answer["response_type"] == "ephemeral"
    assert "för lång" in answer["text"] and "högst 140" in answer["text"]


def test_a_new_assignment_shows_its_date_once(slack) -> None:
    _setup_body(slack)
    answer = slack.command("/uppdrag", "ny skolchef: ta fram förslag senast 31/10").json()
    assert json.dumps(answer["blocks"], ensure_ascii=False).count("31 oktober 2022") == 1
