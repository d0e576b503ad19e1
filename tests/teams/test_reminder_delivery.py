"""Acceptance (issue 5 and 6): reminders for a body bound to a Teams channel reach that channel.

The channel is bound through Teams activities (so the stored conversation reference is the one
the server saved), the assignment is recorded with a channel command, the clock moves, and a
scheduler tick of ``serve`` — a planning pass, then the sweep, through the registry the server
uses — posts proactively to the fake Bot Framework connector.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sqlalchemy import select

from bot.notifiers import build_registry
from schedules.planning_pass import run_planning_pass
from schedules.sweep import SweepConfig, SweepResult, run_sweep
from storage.models import Assignment, ChannelBinding, OutboxMessage, Paragraph
from tests.fakes.bf_connector import FakeConnector, Received
from tests.teams import payloads
from tests.teams.conftest import cards_of, visible_text

TASK = "uppdrag ny skolchef: ta fram förslag senast 2022-04-04"  # recorded on Wednesday 30/3
FRIDAY_0805 = datetime(2022, 4, 1, 6, 5, tzinfo=UTC)  # 08:05 in Stockholm (summer time): 3 days before
MONDAY_0805 = datetime(2022, 4, 4, 6, 5, tzinfo=UTC)  # the day itself, and the weekly digest


def _say(server, connector: FakeConnector, text: str) -> str:  # type: ignore[no-untyped-def]
    before = len(connector.delivered)
    assert server.post(payloads.channel_message(text, service_url=connector.url)).status_code in (200, 201)
    [reply] = connector.delivered[before:]
    return visible_text(reply.activity)


def _bind(server, connector: FakeConnector, *lines: str) -> None:  # type: ignore[no-untyped-def]
    """Install in the team, create the body, bind the channel, then run ``lines`` there."""
    assert server.post(payloads.bot_added_to_team(service_url=connector.url)).status_code in (200, 201)
    assert "är skapat" in _say(server, connector, 'samverkan organ ny "Strategigrupp vuxna" kort SV typ strategigrupp')
    assert "Kanalen är nu kopplad" in _say(server, connector, "samverkan kanal Strategigrupp vuxna")
    for line in lines:
        assert "✗" not in _say(server, connector, line), line


def _tick(services, moment: datetime) -> SweepResult:  # type: ignore[no-untyped-def]
    """One scheduler tick at ``moment``, with the notifiers the running server mounted."""
    services.clock.set(moment)
    registry = build_registry(settings=services.extras["settings"], services=services,
                              intervals={"teams": 0.0, "slack": 0.0})
    assert registry.get("teams") is services.extras["notifiers"]["teams"]
    run_planning_pass(sessions=services.sessions, now=moment)
    return run_sweep(sessions=services.sessions, registry=registry, clock=services.clock, config=SweepConfig(),
                     rng=random.Random(3))


def _sent_rows(services) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.state == "sent")))


def _assert_reminder(post: Received, card_validator) -> None:  # type: ignore[no-untyped-def]
    assert post.conversation_id == payloads.CHANNEL  # the channel itself: a new thread there
    text = visible_text(post.activity)
    assert "Påminnelse" in text and "ta fram förslag" in text and "skolchef" in text, text
    for card in cards_of(post.activity):
        assert not list(card_validator.iter_errors(card))


def test_due_reminder_reaches_the_bound_teams_channel_exactly_once(server, connector, services,
                                                                   card_validator) -> None:
    _bind(server, connector, TASK)
    with services.sessions() as session:
        binding = session.scalars(select(ChannelBinding)).one()
        assert binding.conversation_reference["conversation"]["id"] == payloads.CHANNEL
        assert session.scalars(select(Assignment)).one().due_on.isoformat() == "2022-04-04"
    seen = len(connector.delivered)
    for quiet in (datetime(2022, 3, 30, 9, 5, tzinfo=UTC), datetime(2022, 3, 31, 6, 5, tzinfo=UTC)):
        assert _tick(services, quiet).claimed == 0  # nothing due on Wednesday or Thursday
    assert connector.delivered[seen:] == []

    result = _tick(services, FRIDAY_0805)
    assert (result.sent, result.messages, result.failed) == (1, 1, 0), result
    [post] = connector.delivered[seen:]
    _assert_reminder(post, card_validator)
    [row] = _sent_rows(services)
    assert (row.platform, row.destination, row.kind) == ("teams", payloads.CHANNEL, "before_due")
    assert row.platform_message_id and row.platform_message_id.startswith("msg-")

    again = _tick(services, FRIDAY_0805.replace(minute=20))  # the next tick: nothing twice
    assert again.claimed == 0 and len(connector.delivered) == seen + 1


def test_throttled_reminder_is_retried_until_the_connector_accepts_it(server, connector, services,
                                                                      card_validator) -> None:
    _bind(server, connector, TASK)
    connector.clear()
    connector.fail_next(429, retry_after=0.05)  # one 429: the adapter waits Retry-After and retries
    result = _tick(services, FRIDAY_0805)
    assert (result.sent, result.failed, result.retried) == (1, 0, 0), result
    assert [item.status for item in connector.received] == [429, 201]
    [post] = connector.delivered
    _assert_reminder(post, card_validator)

    # Throttled past the adapter's own attempts: the sweep waits the short Retry-After out and
    # posts again itself; the day's reminder and the digest each reach the channel once.
    connector.clear()
    connector.fail_next(*([429] * 5), retry_after=0.01)
    result = _tick(services, MONDAY_0805)
    assert (result.messages, result.sent, result.failed, result.retried) == (2, 2, 0, 0), result
    assert [item.status for item in connector.received] == [429] * 5 + [201, 201]
    texts = sorted(visible_text(item.activity) for item in connector.delivered)
    assert len(texts) == 2 and all(item.conversation_id == payloads.CHANNEL for item in connector.delivered)
    assert texts[0].startswith("Påminnelse") and "ta fram förslag" in texts[0]
    assert texts[1].startswith("Veckosammanfattning")
    assert _tick(services, MONDAY_0805.replace(minute=20)).claimed == 0
    assert len(connector.delivered) == 2


HIDDEN = ("Kalle Karlsson", "Placering enligt LVU", "SOC 22/999", "familjehem", "Kallefallet")


def test_confidential_paragraph_reminders_and_digest_show_only_its_number(server, connector, services) -> None:
    _bind(server, connector,
          "mote ny 2022-03-30 kl. 13:00",
          "beslut registrera § 20 Placering enligt LVU\ndnr: SOC 22/999\nmöte: 2022-03-30\nbeslut:\n"
          "1. Barnet Kalle Karlsson placeras i familjehem.\n"
          "2. uppdra åt socialchef att följa upp Kallefallet senast 2022-04-04.\nsekretess",
          "uppdrag ny förvaltningschef: öppna förskolan senast 2022-04-04")
    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert paragraph.confidential
        tasks = {a.paragraph_id: a.task for a in session.scalars(select(Assignment))}
        assert "Kallefallet" in tasks[paragraph.id]  # the stored task is the confidential text
    connector.clear()
    # Ticks as serve runs them: Friday (reminders before the deadline), Monday (the day, the digest).
    for moment in (datetime(2022, 4, 1, 6, 5, tzinfo=UTC), datetime(2022, 4, 4, 6, 5, tzinfo=UTC)):
        assert _tick(services, moment).failed == 0
    posted = [visible_text(item.activity) for item in connector.delivered]
    assert all(item.conversation_id == payloads.CHANNEL for item in connector.delivered)
    digest = [text for text in posted if text.startswith("Veckosammanfattning")]
    assert len(digest) == 1 and "öppna förskolan" in digest[0] and "§ 20 Sekretess" in digest[0], digest
    reminders = [text for text in posted if "Påminnelse" in text]
    assert reminders and all("öppna förskolan" in text and "§ 20 Sekretess" in text for text in reminders), posted
    for text in posted:
        assert not [word for word in HIDDEN if word in text], text


def test_recording_a_confidential_paragraph_in_a_channel_does_not_echo_its_text_there(server, connector) -> None:
    _bind(server, connector, "mote ny 2022-03-30 kl. 13:00")
    seen = len(connector.delivered)
    assert server.post(payloads.channel_message(
        "beslut registrera § 20 Placering enligt LVU\ndnr: SOC 22/999\nmöte: 2022-03-30\nbeslut:\n"
        "1. Barnet Kalle Karlsson placeras i familjehem.\nsekretess", service_url=connector.url)).status_code in (200, 201)
    in_channel = [visible_text(item.activity) for item in connector.delivered[seen:]
                  if item.conversation_id.startswith(payloads.CHANNEL)]
    assert in_channel  # the secretary is told something in the thread …
    for text in in_channel:  # … but not the confidential text
        assert not [word for word in HIDDEN if word in text], text


def test_a_confidential_answer_goes_to_the_askers_personal_chat(server, connector) -> None:  # type: ignore[no-untyped-def]
    _bind(server, connector, "mote ny 2022-03-30 kl. 13:00")
    assert server.post(payloads.personal_message("hjälp", service_url=connector.url)).status_code in (200, 201)
    seen = len(connector.delivered)
    assert server.post(payloads.channel_message(
        "beslut registrera § 20 Placering enligt LVU\ndnr: SOC 22/999\nmöte: 2022-03-30\nbeslut:\n"
        "1. Barnet Kalle Karlsson placeras i familjehem.\nsekretess", service_url=connector.url)).status_code in (200, 201)
    fresh = connector.delivered[seen:]
    in_channel = [visible_text(i.activity) for i in fresh if i.conversation_id.startswith(payloads.CHANNEL)]
    private = [visible_text(i.activity) for i in fresh if not i.conversation_id.startswith(payloads.CHANNEL)]
    assert in_channel and all("personligt meddelande" in text for text in in_channel), in_channel
    assert any("Kalle Karlsson" in text for text in private), private
    for text in in_channel:
        assert not [word for word in HIDDEN if word in text], text
