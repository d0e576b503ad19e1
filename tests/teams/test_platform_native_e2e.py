"""Issue 17 in Teams: the clicked card is updated in place (updateActivity on its replyToId), and
help, usage and errors speak the syntax of the conversation they are shown in."""

from __future__ import annotations

import re
from typing import Any

from tests.teams import payloads
from tests.teams.conftest import cards_of, visible_text

LINA = payloads.LINA


def _say(server, connector, text: str, *, user=payloads.KRISTINA) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    before = len(connector.delivered)
    assert server.post(payloads.channel_message(text, service_url=connector.url, user=user)).status_code in (200, 201)
    [reply] = connector.delivered[before:]
    return reply.activity


def _setup(server, connector) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A body bound to the channel; Lina is a member; an uppdrag to Lina; its card."""
    _say(server, connector, 'samverkan organ ny "Strategigrupp vuxna" kort SV typ strategigrupp')
    _say(server, connector, "samverkan kanal Strategigrupp vuxna")
    member = payloads.add_mentions(payloads.channel_message(
        f"samverkan medlem lägg till <at>{LINA[2]}</at> som ledamot", service_url=connector.url), LINA)
    assert server.post(member).status_code in (200, 201)
    created = payloads.add_mentions(payloads.channel_message(
        f"uppdrag ny <at>{LINA[2]}</at>: ta fram förslag senast 31/10", service_url=connector.url), LINA)
    before = len(connector.delivered)
    assert server.post(created).status_code in (200, 201)
    [reply] = connector.delivered[before:]
    [card] = cards_of(reply.activity)
    return card


def _actions(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {action["title"]: action for action in card.get("actions") or []}


def test_klar_updates_the_clicked_card_and_a_second_click_says_who_and_when(server, connector,
                                                                             card_validator) -> None:
    card = _setup(server, connector)
    klar = _actions(card)["Klar"]["data"]
    submit = payloads.card_submit(klar, service_url=connector.url, user=LINA)
    assert server.post(submit).status_code in (200, 201)
    [update] = connector.updates
    assert update.method == "PUT" and update.reply_to_id == "card-1"
    assert update.path.endswith("/activities/card-1")
    [new_card] = cards_of(update.body)
    assert not list(card_validator.iter_errors(new_card))
    assert "actions" not in new_card  # Klar and Flytta sista dag are gone
    assert "Klart – markerat av Lina Lindman" in visible_text(update.body)
    # Kristina (who gave the uppdrag) clicks the stale card: she learns who did it and when
    before = len(connector.delivered)
    again = payloads.card_submit(klar, service_url=connector.url)
    assert server.post(again).status_code in (200, 201)
    [told] = connector.delivered[before:]
    assert "redan klart – markerat av Lina Lindman" in visible_text(told.activity)
    assert len(connector.updates) == 2
    # a button in a list card answers but does not turn the whole list into one uppdrag
    listing = _say(server, connector, "uppdrag lista")
    [list_card] = cards_of(listing)
    row_buttons = [a for item in list_card["body"] for inner in item.get("items", []) if inner["type"] == "ActionSet"
                   for a in inner["actions"]]
    assert row_buttons == [] or all("samverkan_card" not in a.get("data", {}) for a in row_buttons)
    assert server.post(payloads.card_submit({"samverkan_command": "uppdrag klar 1"},
                                            service_url=connector.url)).status_code in (200, 201)
    assert len(connector.updates) == 2


_SLASH = re.compile(r"(?<![\w/])/(beslut|dagordning|uppdrag|mote|protokoll|samverkan)\b")


def test_help_in_a_channel_speaks_the_mention_syntax_only(server, connector) -> None:
    for topic in ("hjälp", "hjälp uppdrag", "hjälp mote"):
        text = visible_text(_say(server, connector, topic))
        assert not _SLASH.search(text), text
    detail = visible_text(_say(server, connector, "hjälp uppdrag"))
    assert "@Samverkan uppdrag klar NR" in detail
    assert "@Samverkan möte" in visible_text(_say(server, connector, "hjälp"))


def test_help_in_personal_chat_is_bare_words(server, connector) -> None:
    before = len(connector.delivered)
    server.post(payloads.personal_message("hjälp uppdrag", service_url=connector.url))
    [reply] = connector.delivered[before:]
    text = visible_text(reply.activity)
    assert not _SLASH.search(text) and "@Samverkan" not in text
    assert "uppdrag klar NR" in text


def test_an_error_in_a_channel_gives_its_usage_in_the_mention_syntax(server, connector) -> None:
    _setup(server, connector)
    text = visible_text(_say(server, connector, "uppdrag klar"))
    assert not _SLASH.search(text), text
    assert "@Samverkan uppdrag klar" in text


def test_a_reminder_posted_to_a_channel_says_how_to_answer_there(server, connector, services) -> None:
    import threading

    from sqlalchemy import select

    from handlers import messages as msg
    from handlers.notify import Destination
    from handlers.reply import Reply
    from storage.models import ChannelBinding

    server.post(payloads.bot_added_to_team(service_url=connector.url))
    connector.clear()
    with services.sessions() as session:
        binding = session.scalars(select(ChannelBinding)).one()
        destination = Destination(platform="teams", tenant_external_id=payloads.TENANT, kind="channel",
                                  address=binding.channel_id, reference=binding.conversation_reference)
    reminder = Reply(text=msg.REMINDER_SINGLE.format(id=9, assignee="Lina", task="enkäten", when="i morgon"),
                     context=msg.REMINDER_DONE_HINT.format(id=9))
    worker = threading.Thread(target=lambda: services.extras["notifiers"]["teams"].post(destination=destination,
                                                                                        reply=reminder))
    worker.start()
    worker.join(30)
    [post] = connector.delivered
    text = visible_text(post.activity)
    assert "@Samverkan uppdrag klar 9" in text and not _SLASH.search(text)


def test_manifest_command_lists_use_the_real_words() -> None:
    import json
    from pathlib import Path

    from bot.teams.manifest import build_manifest

    for manifest in (build_manifest(), json.loads(Path("manifest.json").read_text(encoding="utf-8"))):
        titles = [c["title"] for item in manifest["bots"][0]["commandLists"] for c in item["commands"]]
        descriptions = [c["description"] for item in manifest["bots"][0]["commandLists"] for c in item["commands"]]
        assert "möte" in titles and "mote" not in titles
        assert not any(title.startswith("mote ") for title in titles)
        assert not any(_SLASH.search(text) for text in descriptions)


def test_a_new_assignment_mentions_its_assignee_with_a_mention_entity(server, connector, card_validator) -> None:
    card = _setup(server, connector)
    # ``msteams`` is Teams' host extension (mentions, width); the public 1.5 schema does not list it
    assert not list(card_validator.iter_errors({k: v for k, v in card.items() if k != "msteams"}))
    entities = card["msteams"]["entities"]
    assert entities == [{"type": "mention", "text": f"<at>{LINA[2]}</at>",
                         "mentioned": {"id": LINA[0], "name": LINA[2]}}]
    assert any(f"<at>{LINA[2]}</at>" in block.get("text", "") for block in card["body"])


def test_flytta_without_a_reason_asks_again_in_the_field_then_updates_the_original_card(server, connector,
                                                                                        card_validator) -> None:
    card = _setup(server, connector)
    show = _actions(card)["Flytta sista dag"]
    [send] = show["card"]["actions"]
    field_id = send["data"]["samverkan_input"]
    before = len(connector.delivered)
    submit = payloads.card_submit({**send["data"], field_id: "15/11"}, service_url=connector.url)
    assert server.post(submit).status_code in (200, 201)
    [again] = connector.delivered[before:]
    [retry] = cards_of(again.activity)
    assert not list(card_validator.iter_errors(retry))
    [field] = [b for b in retry["body"] if b["type"] == "Input.Text"]
    assert field["id"] == field_id and field["value"] == "15/11" and field["isRequired"]
    assert "eftersom" in visible_text(again.activity) and "Så här" not in visible_text(again.activity)
    assert connector.updates == []
    # the second try, from the re-asked field (a card of its own), updates the original card
    [resend] = retry["actions"]
    second = payloads.card_submit({**resend["data"], field_id: "15/11 eftersom underlaget är försenat"},
                                  service_url=connector.url)
    second["replyToId"] = "retry-card"
    assert server.post(second).status_code in (200, 201)
    [update] = connector.updates
    assert update.reply_to_id == "card-1"
    assert "15 november 2022" in visible_text(update.body)


# --- reminders that notify, DMs that fail ----------------------------------------------------------


def _tick(services, moment):  # type: ignore[no-untyped-def]
    """One scheduler tick of ``serve`` at ``moment``, through the notifiers the server mounted."""
    import random

    from bot.notifiers import build_registry
    from schedules.planning_pass import run_planning_pass
    from schedules.sweep import SweepConfig, run_sweep

    services.clock.set(moment)
    registry = build_registry(settings=services.extras["settings"], services=services,
                              intervals={"teams": 0.0, "slack": 0.0})
    run_planning_pass(sessions=services.sessions, now=moment)
    return run_sweep(sessions=services.sessions, registry=registry, clock=services.clock, config=SweepConfig(),
                     rng=random.Random(17))


def _lina_gets_an_uppdrag(server, connector, *, secretary: bool = False) -> None:  # type: ignore[no-untyped-def]
    _say(server, connector, 'samverkan organ ny "Strategigrupp vuxna" kort SV typ strategigrupp')
    _say(server, connector, "samverkan kanal Strategigrupp vuxna")
    if secretary:
        kristina = payloads.add_mentions(payloads.channel_message(
            f"samverkan medlem lägg till <at>{payloads.KRISTINA[2]}</at> som sekreterare",
            service_url=connector.url), payloads.KRISTINA)
        assert server.post(kristina).status_code in (200, 201)
    created = payloads.add_mentions(payloads.channel_message(
        f"uppdrag ny <at>{LINA[2]}</at>: ta fram förslag senast 2022-04-04", service_url=connector.url), LINA)
    assert server.post(created).status_code in (200, 201)


def _channel_posts(connector) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return [r.activity for r in connector.delivered if r.conversation_id == payloads.CHANNEL]


def test_a_reminder_in_the_channel_mentions_the_assignee_with_an_entity(server, connector, services,
                                                                        card_validator) -> None:
    from datetime import UTC, datetime

    _lina_gets_an_uppdrag(server, connector)
    connector.clear()
    _tick(services, datetime(2022, 4, 1, 6, 5, tzinfo=UTC))  # Friday 08:05 in Stockholm: 3 days before
    [post] = [a for a in _channel_posts(connector) if "Påminnelse" in visible_text(a)]
    [card] = cards_of(post)
    assert not list(card_validator.iter_errors({k: v for k, v in card.items() if k != "msteams"}))
    assert card["msteams"]["entities"] == [{"type": "mention", "text": f"<at>{LINA[2]}</at>",
                                            "mentioned": {"id": LINA[0], "name": LINA[2]}}]
    assert f"<at>{LINA[2]}</at>" in visible_text(post)


def test_a_dm_the_connector_refuses_is_reported_to_the_secretary_in_the_channel(server, connector,
                                                                                  services) -> None:
    from datetime import UTC, datetime

    _lina_gets_an_uppdrag(server, connector, secretary=True)
    assert server.post(payloads.personal_message("hjälp", service_url=connector.url, user=LINA)).status_code < 300
    connector.clear()
    connector.fail_next(403, matching="a:1personal-aad-lina")  # Lina removed the app: Teams refuses the DM
    first = _tick(services, datetime(2022, 4, 1, 6, 5, tzinfo=UTC))
    assert first.failed == 1
    refused = [r for r in connector.received if r.status == 403]
    assert len(refused) == 1 and "a:1personal-aad-lina" in refused[0].path
    _tick(services, datetime(2022, 4, 1, 6, 6, tzinfo=UTC))
    reports = [a for a in _channel_posts(connector) if "kunde inte levereras" in visible_text(a)]
    assert len(reports) == 1
    [card] = cards_of(reports[0])
    mentioned = {entity["mentioned"]["id"] for entity in card["msteams"]["entities"]}
    assert mentioned == {payloads.KRISTINA[0], LINA[0]}  # the secretary is notified, Lina named
    assert "Teams tillåter inte boten" in visible_text(reports[0])


def test_no_dm_is_planned_for_someone_without_a_personal_chat(server, connector, services) -> None:
    from datetime import UTC, datetime

    _lina_gets_an_uppdrag(server, connector, secretary=True)  # Lina never wrote to the bot privately
    connector.clear()
    result = _tick(services, datetime(2022, 4, 1, 6, 5, tzinfo=UTC))
    assert result.failed == 0 and result.sent == 1  # the channel only: no DM doomed to fail, no report
    assert [a for a in _channel_posts(connector) if "Påminnelse" in visible_text(a)]


# --- the protocol card offers the PDF as a download ---------------------------------------------------


def test_the_protocol_pdf_comes_as_a_signed_link_in_the_personal_chat(server, connector) -> None:
    import requests

    _say(server, connector, 'samverkan organ ny "Strategigrupp vuxna" kort SV typ strategigrupp')
    _say(server, connector, "samverkan kanal Strategigrupp vuxna")
    _say(server, connector, "möte ny 2022-03-30 kl. 13:00")
    _say(server, connector, "beslut registrera § 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2022-03-30: "
                            "att ge skolchef i uppdrag att arbeta vidare")
    assert server.post(payloads.personal_message("hjälp", service_url=connector.url)).status_code < 300
    card_activity = _say(server, connector, "protokoll 2022-03-30")
    shown = visible_text(card_activity)
    assert "samverkan export" not in shown and "--format" not in shown  # no terminal command to copy
    [card] = cards_of(card_activity)
    download = _actions(card)["Ladda ned PDF"]
    assert download["type"] == "Action.Submit"
    before = len(connector.delivered)
    assert server.post(payloads.card_submit(download["data"], service_url=connector.url)).status_code < 300
    posted = connector.delivered[before:]
    [personal] = [r for r in posted if r.conversation_id == "a:1personal-aad-kristina"]
    [in_channel] = [r for r in posted if r.conversation_id != "a:1personal-aad-kristina"]
    assert "/protokoll/" not in str(in_channel.activity)  # the personal link never shows in the channel
    [pdf_card] = cards_of(personal.activity)
    [link] = [a["url"] for a in pdf_card["actions"] if a["type"] == "Action.OpenUrl"]
    path = link[link.index("/arkiv/"):]
    assert ".pdf?t=" in path
    fetched = requests.get(f"{server.url}{path}", timeout=30)
    assert fetched.status_code == 200 and fetched.content.startswith(b"%PDF")
    assert requests.get(f"{server.url}{path.split('?')[0]}", timeout=30).status_code == 401  # no link, no PDF
