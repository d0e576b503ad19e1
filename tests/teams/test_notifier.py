"""Proactive posts: a reminder for a body bound to a Teams channel reaches that channel."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.teams.app import build_adapter
from bot.teams.notifier import TeamsNotifier
from bot.teams.retry import RetryPolicy
from handlers.notify import DeliveryError, Destination
from handlers.reply import Button, Reply
from storage.models import ChannelBinding
from tests.fakes.bf_auth import StaticTokenProvider
from tests.teams import payloads
from tests.teams.conftest import cards_of, visible_text

REMINDER = Reply(title="Påminnelse: uppdrag senast 31/10", text="Skolchef: ta fram förslag på samverkansmodell.",
                 buttons=(Button(label="Klar", command="uppdrag klar 1", style="primary"),
                          Button(label="Flytta deadline", command="uppdrag flytta 1 till", needs_input="Nytt datum")))


def _destination(services) -> Destination:  # type: ignore[no-untyped-def]
    """The stored binding, turned into the port's destination the way the sweep does."""
    with services.sessions() as session:
        binding = session.scalars(select(ChannelBinding)).one()
        return Destination(platform="teams", tenant_external_id=payloads.TENANT, kind="channel",
                           address=binding.channel_id, reference=binding.conversation_reference)


def _post_from_worker(notifier: TeamsNotifier, destination: Destination) -> str:
    """Call ``post`` from a worker thread, as the reminder sweep does."""
    result: dict[str, object] = {}

    def work() -> None:
        try:
            result["id"] = notifier.post(destination=destination, reply=REMINDER)
        except Exception as error:  # handed to the test thread
            result["error"] = error

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return str(result["id"])


def test_reminder_reaches_bound_channel_through_running_server(server, connector, services, card_validator) -> None:
    server.post(payloads.bot_added_to_team(service_url=connector.url))
    connector.clear()
    notifier = services.extras["notifiers"]["teams"]
    connector.fail_next(429, retry_after=0.05)
    message_id = _post_from_worker(notifier, _destination(services))
    assert [item.status for item in connector.received] == [429, 201]
    [post] = connector.delivered
    assert message_id.startswith("msg-")
    assert post.conversation_id == payloads.CHANNEL
    assert "Påminnelse: uppdrag senast 31/10" in visible_text(post.activity)
    [card] = cards_of(post.activity)
    assert not list(card_validator.iter_errors(card))
    assert [action["type"] for action in card["actions"]] == ["Action.Submit", "Action.ShowCard"]


def test_reminder_without_running_server_uses_private_loop(server, connector, services) -> None:
    server.post(payloads.bot_added_to_team(service_url=connector.url))
    connector.clear()
    adapter = build_adapter(settings=Settings(), retry=RetryPolicy(base_delay=0.01))
    notifier = TeamsNotifier(adapter=adapter, app_id="")
    assert notifier.post(destination=_destination(services), reply=REMINDER).startswith("msg-")
    assert len(connector.delivered) == 1


def test_with_app_id_a_new_thread_is_started_in_the_channel(server, connector, services) -> None:
    server.post(payloads.bot_added_to_team(service_url=connector.url))
    connector.clear()
    app_id = "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b"
    adapter = build_adapter(settings=Settings(MICROSOFT_APP_ID=app_id), retry=RetryPolicy(base_delay=0.01),
                            token_provider=StaticTokenProvider())
    notifier = TeamsNotifier(adapter=adapter, app_id=app_id)
    connector.fail_next(504)
    message_id = notifier.post(destination=_destination(services), reply=REMINDER)
    assert [item.status for item in connector.received] == [504, 201]
    [created] = connector.delivered
    assert created.path == "/v3/conversations"
    assert created.body["channelData"]["channel"]["id"] == payloads.CHANNEL
    assert created.body["isGroup"] is True
    assert created.authorization == f"Bearer {StaticTokenProvider.TOKEN}"
    assert "Påminnelse" in visible_text(created.activity)
    assert message_id.startswith("thread-")


def test_final_failures_become_delivery_errors(server, connector, services) -> None:
    server.post(payloads.bot_added_to_team(service_url=connector.url))
    adapter = build_adapter(settings=Settings(), retry=RetryPolicy(attempts=3, base_delay=0.01))
    notifier = TeamsNotifier(adapter=adapter, app_id="")
    destination = _destination(services)
    connector.fail_next(429, 429, 429, retry_after=0.01)
    with pytest.raises(DeliveryError) as throttled:
        notifier.post(destination=destination, reply=REMINDER)
    assert throttled.value.retry_after == pytest.approx(0.01) and not throttled.value.permanent
    connector.fail_next(404)
    with pytest.raises(DeliveryError) as gone:
        notifier.post(destination=destination, reply=REMINDER)
    assert gone.value.permanent
    with pytest.raises(DeliveryError) as unknown:
        notifier.post(destination=Destination(platform="teams", tenant_external_id="t", kind="channel",
                                               address="19:x", reference=None), reply=REMINDER)
    assert unknown.value.permanent


# Conversation references exactly as botbuilder 4.17 serialised them before the move to the Agents
# SDK (no tenantId on the conversation, the bot as "bot"): rows stored then must still be reachable.
BOTBUILDER_CHANNEL_REFERENCE = {
    "bot": {"id": payloads.BOT_ID, "name": "Samverkan"},
    "conversation": {"isGroup": True, "conversationType": "channel", "id": payloads.CHANNEL},
    "channelId": "msteams", "locale": "sv-SE", "serviceUrl": "SERVICE_URL",
}
BOTBUILDER_PERSONAL_REFERENCE = {
    "user": {"id": "29:1kristina", "name": "Kristina Kamsten", "aadObjectId": "aad-kristina"},
    "bot": {"id": payloads.BOT_ID, "name": "Samverkan"},
    "conversation": {"conversationType": "personal", "id": "a:1personal-aad-kristina"},
    "channelId": "msteams", "locale": "sv-SE", "serviceUrl": "SERVICE_URL",
}


def _stored(reference: dict, *, service_url: str, kind: str, address: str) -> Destination:  # type: ignore[type-arg]
    return Destination(platform="teams", tenant_external_id=payloads.TENANT, kind=kind, address=address,
                       reference={**reference, "serviceUrl": service_url})


@pytest.mark.parametrize("app_id", ["", "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b"])
def test_references_stored_by_botbuilder_still_reach_their_conversations(connector, app_id) -> None:  # type: ignore[no-untyped-def]
    tokens = StaticTokenProvider()
    adapter = build_adapter(settings=Settings(MICROSOFT_APP_ID=app_id), retry=RetryPolicy(base_delay=0.01),
                            token_provider=tokens)
    notifier = TeamsNotifier(adapter=adapter, app_id=app_id)
    channel = _stored(BOTBUILDER_CHANNEL_REFERENCE, service_url=connector.url, kind="channel",
                      address=payloads.CHANNEL)
    person = _stored(BOTBUILDER_PERSONAL_REFERENCE, service_url=connector.url, kind="person", address="aad-kristina")
    channel_id = notifier.post(destination=channel, reply=REMINDER)
    person_id = notifier.post(destination=person, reply=REMINDER)
    in_channel, in_chat = connector.delivered
    expected_auth = f"Bearer {StaticTokenProvider.TOKEN}" if app_id else None
    assert [in_channel.authorization, in_chat.authorization] == [expected_auth, expected_auth]
    if app_id:  # a new thread in the channel, addressed to the stored channel
        assert in_channel.path == "/v3/conversations" and channel_id.startswith("thread-")
        assert in_channel.body["channelData"]["channel"]["id"] == payloads.CHANNEL
        assert tokens.requests and all(resource == "https://api.botframework.com" for resource, _ in tokens.requests)
    else:
        assert in_channel.conversation_id == payloads.CHANNEL and channel_id.startswith("msg-")
        assert tokens.requests == []
    assert in_chat.conversation_id == "a:1personal-aad-kristina" and person_id.startswith("msg-")
    assert "Påminnelse" in visible_text(in_channel.activity) and "Påminnelse" in visible_text(in_chat.activity)
    assert in_chat.activity["recipient"]["id"] == "29:1kristina"  # the stored user is who the post is for


def test_an_unreadable_stored_reference_is_a_permanent_delivery_error(connector) -> None:  # type: ignore[no-untyped-def]
    notifier = TeamsNotifier(adapter=build_adapter(settings=Settings()), app_id="")
    for broken in ({"conversation": "x", "serviceUrl": connector.url}, {"channelId": "msteams"}):
        with pytest.raises(DeliveryError) as refused:
            notifier.post(destination=Destination(platform="teams", tenant_external_id="t", kind="channel",
                                                  address="19:x", reference=broken), reply=REMINDER)
        assert refused.value.permanent
    assert connector.received == []
