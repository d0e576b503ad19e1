"""Teams activities through the real server to a fake connector: who answers where, and what."""

from __future__ import annotations

from sqlalchemy import select

from handlers import messages as msg
from storage.models import ChannelBinding, Person, Tenant
from tests.teams import payloads
from tests.teams.conftest import cards_of, visible_text


def _assert_cards_valid(received, card_validator) -> None:  # type: ignore[no-untyped-def]
    for item in received:
        for card in cards_of(item.activity):
            errors = sorted(card_validator.iter_errors(card), key=str)
            assert not errors, errors[0]


def test_channel_mention_gets_help_card_and_binds_channel(server, connector, services, card_validator) -> None:
    activity = payloads.channel_message("hjälp", service_url=connector.url)
    response = server.post(activity)
    assert response.status_code in (200, 201)
    [reply] = connector.delivered
    assert reply.conversation_id == activity["conversation"]["id"]
    assert reply.reply_to_id == activity["id"]
    assert reply.authorization is None  # no app id: Emulator mode, no token
    assert reply.activity["type"] == "message"
    assert reply.activity["from"]["id"] == payloads.BOT_ID
    [card] = cards_of(reply.activity)
    assert card["version"] == "1.5"
    text = visible_text(reply.activity)
    assert "Samverkan – kommandon" in text and "@Samverkan beslut – Beslut" in text  # the channel form (issue 17)
    assert "Samverkan – kommandon" in card["fallbackText"]
    _assert_cards_valid(connector.received, card_validator)
    with services.sessions() as session:
        tenant = session.scalars(select(Tenant)).one()
        assert (tenant.platform, tenant.external_id) == ("teams", payloads.TENANT)
        binding = session.scalars(select(ChannelBinding)).one()
        assert binding.channel_id == payloads.CHANNEL
        assert binding.platform == "teams"
        reference = binding.conversation_reference
        assert reference["conversation"]["id"] == payloads.CHANNEL  # the channel, not the thread
        assert reference["serviceUrl"] == connector.url
        assert reference["bot"]["id"] == payloads.BOT_ID
        assert "activityId" not in reference
        person = session.scalars(select(Person)).one()
        assert person.platform_user_id == "aad-kristina"
        assert person.name == "Kristina Kamsten"


def test_channel_post_without_mention_is_ignored(server, connector, services) -> None:
    response = server.post(payloads.channel_message("hjälp", service_url=connector.url, mention=False))
    assert response.status_code in (200, 201)
    assert connector.received == []
    with services.sessions() as session:
        assert session.scalars(select(ChannelBinding)).all() == []


def test_personal_chat_needs_no_mention_and_stores_dm_reference(server, connector, services, card_validator) -> None:
    activity = payloads.personal_message("/samverkan hjälp beslut", service_url=connector.url)
    assert server.post(activity).status_code in (200, 201)
    [reply] = connector.delivered
    assert reply.conversation_id == activity["conversation"]["id"]
    assert "beslut – Beslut" in visible_text(reply.activity) and "/beslut" not in visible_text(reply.activity)
    _assert_cards_valid(connector.received, card_validator)
    with services.sessions() as session:
        assert session.scalars(select(ChannelBinding)).all() == []
        person = session.scalars(select(Person)).one()
        assert person.dm_reference["conversation"]["id"] == activity["conversation"]["id"]
        assert person.dm_reference["user"]["id"] == payloads.KRISTINA[0]


def test_group_chat_without_mention_and_leading_slash(server, connector) -> None:
    assert server.post(payloads.group_message("/hjälp", service_url=connector.url)).status_code in (200, 201)
    [reply] = connector.delivered
    assert reply.conversation_id == "19:groupchat-utb@thread.v2"
    assert "Samverkan – kommandon" in visible_text(reply.activity)


def test_unknown_command_gets_plain_text_suggestion(server, connector) -> None:
    server.post(payloads.channel_message("beslutt UTB 22/30", service_url=connector.url))
    [reply] = connector.delivered
    assert cards_of(reply.activity) == []
    assert "Menade du @Samverkan beslut?" in reply.activity["text"]  # the channel form (issue 17)


def test_redelivered_activity_is_answered_once(server, connector) -> None:
    activity = payloads.channel_message("hjälp", service_url=connector.url)
    server.post(activity)
    server.post(activity)
    assert len(connector.delivered) == 1


def test_throttled_reply_is_retried(server, connector) -> None:
    connector.fail_next(429, 502, retry_after=None)
    assert server.post(payloads.channel_message("hjälp", service_url=connector.url)).status_code in (200, 201)
    assert [item.status for item in connector.received] == [429, 502, 201]
    assert len(connector.delivered) == 1


def test_connector_error_that_must_not_be_retried_fails_the_turn_politely(server, connector) -> None:
    connector.fail_next(500)
    assert server.post(payloads.channel_message("hjälp", service_url=connector.url)).status_code in (200, 201)
    # the reply is not retried; the turn's catch-all sends one polite sentence and no exception text
    assert [item.status for item in connector.received] == [500, 201]
    [notice] = connector.delivered
    assert notice.activity["text"] == msg.ADAPTER_FAILURE


def test_card_button_submit_runs_its_command_with_the_typed_value(server, connector, card_validator) -> None:
    value = {"samverkan_command": "samverkan hjälp", "samverkan_input": "samverkan_input_1",
             "samverkan_input_1": "uppdrag"}
    assert server.post(payloads.card_submit(value, service_url=connector.url)).status_code in (200, 201)
    [reply] = connector.delivered
    assert "@Samverkan uppdrag – Uppdrag" in visible_text(reply.activity)  # the channel form (issue 17)
    _assert_cards_valid(connector.received, card_validator)


def test_install_in_team_stores_reference_and_greets(server, connector, services) -> None:
    assert server.post(payloads.bot_added_to_team(service_url=connector.url)).status_code in (200, 201)
    [greeting] = connector.delivered
    assert "Jag är Samverkan" in greeting.activity["text"]
    with services.sessions() as session:
        binding = session.scalars(select(ChannelBinding)).one()
        assert binding.channel_id == payloads.CHANNEL
        assert binding.conversation_reference["conversation"]["id"] == payloads.CHANNEL


def test_bad_requests(server) -> None:
    import requests

    assert requests.post(f"{server.url}/api/messages", data="x", headers={"Content-Type": "text/plain"},
                         timeout=10).status_code == 415
    assert requests.post(f"{server.url}/api/messages", data="{not json", headers={"Content-Type": "application/json"},
                         timeout=10).status_code == 400
    assert server.post({"text": "no type"}).status_code == 400
