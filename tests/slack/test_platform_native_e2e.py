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


# --- reminders that notify, DMs that fail, no reminder for a moment already past -------------------


def _tick(services, moment):  # type: ignore[no-untyped-def]
    """One scheduler tick of ``serve`` at ``moment``: a planning pass, then the sweep."""
    import random

    from bot.notifiers import build_registry
    from schedules.planning_pass import run_planning_pass
    from schedules.sweep import SweepConfig, run_sweep

    services.clock.set(moment)
    registry = build_registry(settings=services.extras["settings"], services=services,
                              intervals={"slack": 0.0, "teams": 0.0})
    run_planning_pass(sessions=services.sessions, now=moment)
    return run_sweep(sessions=services.sessions, registry=registry, clock=services.clock, config=SweepConfig(),
                     rng=random.Random(17))


def _posts_to(fake_slack, channel: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(c.args.get("text")) + json.dumps(c.args.get("blocks") or [], ensure_ascii=False)
            for c in fake_slack.of("chat.postMessage") if c.args.get("channel") == channel]


def test_a_reminder_in_the_channel_mentions_the_assignee(slack, fake_slack, slack_services) -> None:
    from datetime import UTC, datetime

    _setup_body(slack)
    slack.command("/uppdrag", "ny <@U0LINA|lina>: ta fram förslag senast 2022-04-04")
    fake_slack.calls.clear()
    _tick(slack_services, datetime(2022, 4, 1, 6, 5, tzinfo=UTC))  # Friday 08:05 in Stockholm: 3 days before
    [post] = [c for c in fake_slack.of("chat.postMessage") if c.args["channel"] == CHANNEL]
    assert "Påminnelse" in post.args["text"] and "<@U0LINA>" in post.args["text"]
    blocks = post.args["blocks"]
    assert_blocks(blocks)
    assert any("<@U0LINA>" in json.dumps(b, ensure_ascii=False) for b in blocks if b["type"] != "header")


def test_a_dm_that_fails_for_good_is_reported_to_the_secretary_in_the_channel(slack, fake_slack,
                                                                                 slack_services) -> None:
    from datetime import UTC, datetime

    _setup_body(slack)
    slack.command("/samverkan", "medlem lägg till <@U0KRISTINA|kristina> som sekreterare")
    slack.command("/uppdrag", "ny <@U0LINA|lina>: ta fram förslag senast 2022-04-04")
    fake_slack.calls.clear()
    fake_slack.fail("conversations.open", error="user_disabled")  # Lina's account was deactivated
    first = _tick(slack_services, datetime(2022, 4, 1, 6, 5, tzinfo=UTC))
    assert first.failed == 1  # the DM, given up at once (a permanent error)
    assert len(_posts_to(fake_slack, CHANNEL)) == 1  # the reminder itself still reached the channel
    _tick(slack_services, datetime(2022, 4, 1, 6, 6, tzinfo=UTC))  # the next tick posts the report
    reports = [text for text in _posts_to(fake_slack, CHANNEL) if "kunde inte levereras" in text]
    assert len(reports) == 1, _posts_to(fake_slack, CHANNEL)
    assert "<@U0KRISTINA>" in reports[0] and "<@U0LINA>" in reports[0]
    assert "kontot är avstängt" in reports[0] and "påminnelse om uppdrag" in reports[0]
    _tick(slack_services, datetime(2022, 4, 1, 6, 7, tzinfo=UTC))
    assert len([t for t in _posts_to(fake_slack, CHANNEL) if "kunde inte levereras" in t]) == 1  # said once


def test_no_reminder_seconds_after_giving_an_uppdrag_due_in_14_days(slack, fake_slack, slack_services) -> None:
    from datetime import UTC, datetime, timedelta

    _setup_body(slack)  # the clock: Wednesday 2022-03-30 11:00 in Stockholm, after the 08:00 reminder time
    slack.command("/uppdrag", "ny <@U0LINA|lina>: ta fram förslag senast 2022-04-13")
    fake_slack.calls.clear()
    now = slack_services.clock()
    _tick(slack_services, now + timedelta(seconds=30))
    _tick(slack_services, now + timedelta(minutes=10))
    assert not [t for t in _posts_to(fake_slack, CHANNEL) if "Påminnelse" in t]
    assert not fake_slack.of("conversations.open")  # nor privately
    # the next reminder point (3 days before, a Friday 08:00 since the 10th is a Sunday) still comes
    _tick(slack_services, datetime(2022, 4, 8, 6, 5, tzinfo=UTC))
    assert [t for t in _posts_to(fake_slack, CHANNEL) if "Påminnelse" in t and "<@U0LINA>" in t]


# --- the protocol card offers the PDF as a download ---------------------------------------------------


def _protocol_card(slack, fake_slack) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """A meeting with two §§; the protocol card as posted (lazy: response_url)."""
    _setup_body(slack)
    slack.command("/mote", "ny 2022-03-30 kl. 13:00")
    slack.command("/beslut", "registrera § 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2022-03-30: "
                             "att ge skolchef i uppdrag att arbeta vidare")
    slack.command("/beslut", "registrera § 20 Elevärende sekretess möte 2022-03-30: att bevilja stödet")
    fake_slack.calls.clear()
    slack.command("/protokoll", "2022-03-30")
    fake_slack.wait_for(lambda f: len(f.of("response_url")) == 1)
    return _with_block_ids(fake_slack.of("response_url")[0].args["blocks"])


def test_the_protocol_card_shares_the_pdf_through_files_upload_v2(slack, fake_slack, slack_server) -> None:
    import requests

    card = _protocol_card(slack, fake_slack)
    shown = json.dumps(card, ensure_ascii=False)
    assert "samverkan export" not in shown and "--format" not in shown  # no terminal command to copy
    assert "Ladda ned PDF" in _buttons(card)
    fake_slack.calls.clear()
    url = fake_slack.response_url("pdf")
    _click(slack, message=card, label="Ladda ned PDF", user_id="U0LINA", response_url=url)
    fake_slack.wait_for(lambda f: len(f.of("files.completeUploadExternal")) == 1, timeout=30)
    [asked] = fake_slack.of("files.getUploadURLExternal")
    [sent] = fake_slack.of("upload")
    [done] = fake_slack.of("files.completeUploadExternal")
    file_id = sent.args["file_id"]
    data = fake_slack.uploads[file_id]
    assert data.startswith(b"%PDF") and int(asked.args["length"]) == len(data) == sent.args["length"]
    assert asked.args["filename"] == "protokoll-SV-2022-03-30.pdf"
    assert done.args["channel_id"] == CHANNEL  # shared where the card is
    assert [f["id"] for f in json.loads(done.args["files"])] == [file_id]
    assert "Protokollet från Strategigrupp vuxna 2022-03-30" in done.args["initial_comment"]
    # the clicker also gets a personal signed link, shown only to them
    fake_slack.wait_for(lambda f: any(c.path == "/response/pdf" for c in f.of("response_url")))
    [answer] = [c for c in fake_slack.of("response_url") if c.path == "/response/pdf"]
    assert answer.args["response_type"] == "ephemeral"
    [link] = [e["url"] for b in answer.args["blocks"] for e in (b.get("elements") or []) if e.get("url")] or [
        part.split("|")[0].lstrip("<") for b in answer.args["blocks"] if b["type"] == "section"
        for part in [b["text"]["text"]] if "/protokoll/" in part]
    path = link[link.index("/arkiv/"):]
    fetched = requests.get(f"{slack_server.url}{path}", timeout=30)
    assert fetched.status_code == 200 and fetched.content.startswith(b"%PDF")
    assert fetched.headers["Content-Disposition"].startswith("attachment")
    forged = requests.get(f"{slack_server.url}{path[:-3]}xyz", timeout=30)
    assert forged.status_code in (401, 403)


def test_typed_protokoll_pdf_shares_the_file_too(slack, fake_slack) -> None:
    _protocol_card(slack, fake_slack)
    fake_slack.calls.clear()
    slack.command("/protokoll", "pdf 2022-03-30")
    fake_slack.wait_for(lambda f: len(f.of("files.completeUploadExternal")) == 1, timeout=30)
    [done] = fake_slack.of("files.completeUploadExternal")
    assert done.args["channel_id"] == CHANNEL
    [file_id] = [f["id"] for f in json.loads(done.args["files"])]
    assert fake_slack.uploads[file_id].startswith(b"%PDF")


def test_confirmations_say_each_date_once_and_use_the_protocols_words(slack) -> None:
    _setup_body(slack)
    created = slack.command("/mote", "ny 2022-03-30 kl. 13:00").json()
    shown = json.dumps(created, ensure_ascii=False)
    assert shown.count("30 mars 2022") == 2 and "Tolkat datum" not in shown  # text and fallback, once each
    present = slack.command("/mote", "närvaro övriga Kent Ylvesson (skolchef) möte 2022-03-30").json()
    assert "Övriga närvarande: Kent Ylvesson" in present["text"]
    decided = slack.command("/beslut", "registrera § 19 Ny samverkansmodell dnr UTB 22/30 möte 2022-03-30: "
                                       "att ge skolchef i uppdrag att arbeta vidare senast 2022-06-01").json()
    texts = [(b.get("text") or {}).get("text", "") for b in decided["blocks"] if b["type"] == "section"]
    lines = [text for text in texts if "skolchef:" in text]
    assert lines and all("senast 2022-06-01" not in line and line.count("senast") == 1 for line in lines), lines


def test_a_change_request_reaches_the_secretary_in_the_channel_when_her_dm_fails(slack, fake_slack,
                                                                                  slack_services) -> None:
    from datetime import timedelta

    _setup_body(slack)  # Kristina created the body: she is its sekreterare
    slack.command("/mote", "ny 2022-03-30 kl. 13:00")
    slack.command("/beslut", "registrera § 19 Ny samverkansmodell dnr UTB 22/30 möte 2022-03-30: "
                             "att ge skolchef i uppdrag att arbeta vidare")
    slack.command("/mote", "justerare <@U0LINA|lina> möte 2022-03-30")
    slack.command("/protokoll", "klart 2022-03-30")
    now = slack_services.clock()
    _tick(slack_services, now + timedelta(minutes=1))  # Lina gets the justering request
    slack.command("/protokoll", "ändring 2022-03-30: § 19 saknar datum", user_id="U0LINA", user_name="lina")
    fake_slack.calls.clear()
    fake_slack.fail("conversations.open", error="user_disabled")  # Kristina's DM cannot be opened
    _tick(slack_services, now + timedelta(minutes=2))
    _tick(slack_services, now + timedelta(minutes=3))
    posts = _posts_to(fake_slack, CHANNEL)
    notices = [text for text in posts if "begär ändring" in text and "§ 19 saknar datum" in text]
    assert notices and all("<@U0KRISTINA>" in text for text in notices)  # seen in the channel, notified
    reports = [text for text in posts if "kunde inte levereras" in text]
    assert len(reports) == 1 and "begäran om ändring i protokollet" in reports[0] and "<@U0KRISTINA>" in reports[0]
