"""Acceptance (issue 8): a full justering round through Teams, end to end against the fake connector.

Three Teams users: the secretary Kristina, who works in the team channel only, and the two
justerare Lina and Anna, who have chatted with the bot personally before (so a personal
conversation reference is stored for each). Everything goes through ``POST /api/messages``
(channel messages with the @mention, Action.Submit payloads from the cards in the personal
chats), and the posts the round causes are delivered proactively by the real outbox sweep
through the registry the server uses, whose Teams notifier is the one the server mounted.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.notifiers import build_registry
from schedules.planning_pass import run_planning_pass
from schedules.sweep import SweepConfig, SweepResult, run_sweep
from storage.models import Adjustment, Meeting, OutboxMessage, Paragraph
from tests.conftest import seed_path
from tests.fakes.bf_connector import FakeConnector, Received
from tests.scenarios.protocol_scripts import record_19, seed_000_protocol_script
from tests.scenarios.seed_scripts import seed_000_clauses
from tests.teams import payloads
from tests.teams.conftest import cards_of, visible_text

pytestmark = pytest.mark.seeds

KRISTINA = payloads.KRISTINA
LINA = payloads.LINA
ANNA = ("29:1anna", "aad-anna", "Anna Arvidson")
DM = {LINA: "a:1personal-aad-lina", ANNA: "a:1personal-aad-anna"}


def _say(server, connector: FakeConnector, text: str, *, user: tuple[str, str, str] = KRISTINA) -> str:  # type: ignore[no-untyped-def]
    """A command typed in the team channel with the @mention; the text of the bot's answer."""
    before = len(connector.delivered)
    assert server.post(payloads.channel_message(text, service_url=connector.url, user=user)).status_code in (200, 201)
    [reply] = connector.delivered[before:]
    assert reply.reply_to_id is not None and reply.conversation_id.startswith(payloads.CHANNEL)
    return visible_text(reply.activity)


def _personal(server, connector: FakeConnector, *, user: tuple[str, str, str], text: str = "",
              value: dict[str, Any] | None = None) -> str:  # type: ignore[no-untyped-def]
    """A message (or a card submit) in the user's personal chat with the bot; the answer's text."""
    activity = payloads.personal_message(text, service_url=connector.url, user=user)
    if value is not None:
        activity.pop("text")
        activity["value"] = value
        activity["replyToId"] = "card-dm"
    before = len(connector.delivered)
    assert server.post(activity).status_code in (200, 201)
    [reply] = connector.delivered[before:]
    assert reply.conversation_id == DM[user]
    return visible_text(reply.activity)


def _sweep(services) -> SweepResult:  # type: ignore[no-untyped-def]
    """A scheduler tick of ``serve``: planning pass, then sweep, with the server's mounted notifiers."""
    registry = build_registry(settings=services.extras["settings"], services=services,
                              intervals={"teams": 0.0, "slack": 0.0})
    assert registry.get("teams") is services.extras["notifiers"]["teams"]
    run_planning_pass(sessions=services.sessions, now=services.now())
    return run_sweep(sessions=services.sessions, registry=registry, clock=services.clock, config=SweepConfig(),
                     rng=random.Random(8))


def _proactive(connector: FakeConnector, seen: int) -> list[Received]:
    """What the connector accepted since ``seen`` deliveries (called right after a sweep: its posts)."""
    return connector.delivered[seen:]


def _actions(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {action["title"]: action for action in card.get("actions") or []}


def _validate(items: list[Received], card_validator) -> None:  # type: ignore[no-untyped-def]
    for item in items:
        for card in cards_of(item.activity):
            errors = sorted(card_validator.iter_errors(card), key=str)
            assert not errors, errors[0]


def _outbox(services) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_justering_round_through_teams(server, connector: FakeConnector, services, clock, card_validator) -> None:  # type: ignore[no-untyped-def]
    path = seed_path("000")
    assert server.post(payloads.bot_added_to_team(service_url=connector.url)).status_code in (200, 201)
    for user in (LINA, ANNA):  # the justerare have chatted with the bot: it can write to them
        assert "Samverkan – kommandon" in _personal(server, connector, user=user, text="hjälp")
    for line in seed_000_protocol_script(path):
        if line.startswith("mote justerare"):
            continue
        assert "✗" not in _say(server, connector, line), line
    appoint = payloads.add_mentions(payloads.channel_message(
        "mote justerare <at>Lina Lindman</at>, <at>Anna Arvidson</at> möte 2022-03-30", service_url=connector.url),
        LINA, ANNA)  # by @mention: a typed name would be a seat no user holds until it is linked
    before = len(connector.delivered)
    assert server.post(appoint).status_code in (200, 201)
    assert "Anna Arvidson" in visible_text(connector.delivered[before].activity)

    # Ready for justering: each justerare gets a card in the personal chat.
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    sent = _say(server, connector, "protokoll klart 2022-03-30")
    assert "Lina Lindman (direktmeddelande)" in sent and "Anna Arvidson (direktmeddelande)" in sent, sent
    seen = len(connector.delivered)
    swept = _sweep(services)
    assert (swept.sent, swept.failed) == (2, 0), swept
    requests = {item.conversation_id: item for item in _proactive(connector, seen)}
    assert set(requests) == set(DM.values())
    _validate(list(requests.values()), card_validator)
    for item in requests.values():
        assert "§ 19" in visible_text(item.activity) and "Ny samverkansmodell i länet" in visible_text(item.activity)
        [card] = cards_of(item.activity)
        actions = _actions(card)
        assert actions["Justera"]["type"] == "Action.Submit"
        assert actions["Begär ändring"]["type"] == "Action.ShowCard"
    assert _sweep(services).claimed == 0  # delivered once
    seen = len(connector.delivered)

    # Lina opens «Begär ändring», types her comment and submits, in her personal chat.
    [lina_card] = cards_of(requests[DM[LINA]].activity)
    change = _actions(lina_card)["Begär ändring"]["card"]
    [field] = change["body"]
    [send] = change["actions"]
    answer = _personal(server, connector, user=LINA,
                       value=send["data"] | {field["id"]: "Andra att-satsen har ett stavfel"})
    assert "skickad till sekreteraren" in answer, answer
    # issue 17: the card Lina clicked is updated in place – her answer shown, no live buttons left
    [update] = connector.updates
    assert update.reply_to_id == "card-dm" and update.conversation_id == DM[LINA]
    [updated] = cards_of(update.body)
    assert "actions" not in updated and "Begär ändring" in visible_text(update.body)
    with services.sessions() as session:
        assert session.scalars(select(Meeting)).one().state == "genomfört"
        lina = session.scalars(select(Adjustment).where(Adjustment.name == "Lina Lindman")).one()
        assert (lina.state, lina.comment) == ("ändring", "Andra att-satsen har ett stavfel")
    seen = len(connector.delivered)
    assert _sweep(services).failed == 0
    # Kristina has never chatted with the bot personally, so the notice reaches her in the channel.
    [notice] = _proactive(connector, seen)
    assert notice.conversation_id == payloads.CHANNEL
    assert "stavfel" in visible_text(notice.activity) and "Lina Lindman" in visible_text(notice.activity)

    # The secretary corrects § 19 and sends it again.
    clauses = seed_000_clauses(path)
    fixed = [clauses[0], clauses[1].replace("åiterrapportering", "återrapportering")]
    assert "§ 19" in _say(server, connector, record_19(path, replace=True, clauses=fixed))
    clock.set(datetime(2022, 4, 4, 9, 0, tzinfo=UTC))
    assert "direktmeddelande" in _say(server, connector, "protokoll klart")
    seen = len(connector.delivered)
    assert _sweep(services).failed == 0
    posted = _proactive(connector, seen)
    again = {item.conversation_id: item for item in posted if item.conversation_id in DM.values()}
    assert set(again) == set(DM.values())
    # Monday 08:00 has also passed: the channel's weekly digest is all that went elsewhere.
    assert [visible_text(item.activity).split("\n")[0] for item in posted if item not in again.values()] == [
        "Veckosammanfattning – Utbildningsnämndens arbetsutskott"]
    assert all("återrapportering" in visible_text(item.activity) for item in again.values())

    # Both press «Justera» on the new card.
    clock.set(datetime(2022, 4, 4, 10, 30, tzinfo=UTC))
    [anna_card] = cards_of(again[DM[ANNA]].activity)
    one = _personal(server, connector, user=ANNA, value=_actions(anna_card)["Justera"]["data"])
    assert "Du har justerat" in one and "Väntar på: Lina Lindman" in one, one
    clock.set(datetime(2022, 4, 4, 11, 0, tzinfo=UTC))
    [lina_card] = cards_of(again[DM[LINA]].activity)
    done = _personal(server, connector, user=LINA, value=_actions(lina_card)["Justera"]["data"])
    assert "är justerat" in done and "Digital justering 2022-04-04 13:00" in done, done

    # The channel is told and gets the extract of § 19 for its distribution list.
    seen = len(connector.delivered)
    assert _sweep(services).failed == 0
    posted = _proactive(connector, seen)
    assert {item.conversation_id for item in posted} == {payloads.CHANNEL}
    texts = [visible_text(item.activity) for item in posted]
    assert any("är justerat" in t and "2022-04-05" in t and "2022-04-26" in t for t in texts), texts
    extract = [t for t in texts if "Kent Ylvefson, skolchef" in t]
    assert len(extract) == 1 and "§ 19" in extract[0]
    _validate(posted, card_validator)
    assert _sweep(services).claimed == 0
    assert {row.state for row in _outbox(services)} == {"sent"}

    with services.sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        assert meeting.state == "justerat"
        assert meeting.adjustment_place_time == "Digital justering 2022-04-04 13:00"
        assert (meeting.posted_on, meeting.appeal_ends_on) == (date(2022, 4, 5), date(2022, 4, 26))
        decided = {a.name: (a.state, a.decided_at.replace(tzinfo=UTC)) for a in meeting.adjustments}
        assert decided == {"Anna Arvidson": ("justerad", datetime(2022, 4, 4, 10, 30, tzinfo=UTC)),
                           "Lina Lindman": ("justerad", datetime(2022, 4, 4, 11, 0, tzinfo=UTC))}
        paragraph = session.scalars(select(Paragraph)).one()
        assert paragraph.locked and paragraph.clauses[1].text.startswith("återrapportering")

    # A later edit of the locked § is refused, pointing to the audited correction.
    refused = _say(server, connector, record_19(path, replace=True))
    assert "justerad och låst" in refused and "@Samverkan beslut rätta § 19 2022" in refused, refused  # issue 17
    with services.sessions() as session:
        assert session.scalars(select(Paragraph)).one().clauses[1].text.startswith("återrapportering")
