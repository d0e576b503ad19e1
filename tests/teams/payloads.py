"""Teams-shaped activities, as the Teams service posts them to a bot."""

from __future__ import annotations

import itertools
from typing import Any

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
TEAM = "19:team-utb@thread.tacv2"
CHANNEL = "19:abc@thread.tacv2"
BOT_ID = "28:00000000-0000-0000-0000-00000000b07"
BOT_NAME = "Samverkan"
KRISTINA = ("29:1kristina", "aad-kristina", "Kristina Kamsten")
LINA = ("29:1lina", "aad-lina", "Lina Lindman")
_ids = itertools.count(1)


def _base(*, service_url: str, conversation: dict[str, Any], user: tuple[str, str, str],
          channel_data: dict[str, Any]) -> dict[str, Any]:
    number = next(_ids)
    return {
        "type": "message",
        "id": f"1700000000{number:03d}",
        "timestamp": "2022-03-30T09:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": user[0], "aadObjectId": user[1], "name": user[2]},
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "conversation": conversation,
        "channelData": channel_data,
        "locale": "sv-SE",
    }


def channel_message(text: str, *, service_url: str, mention: bool = True, user: tuple[str, str, str] = KRISTINA,
                    thread: str = "1700000000000", channel: str = CHANNEL) -> dict[str, Any]:
    """A post in a team channel, with the bot @mentioned the way Teams marks it."""
    activity = _base(
        service_url=service_url,
        conversation={"isGroup": True, "conversationType": "channel", "tenantId": TENANT,
                      "id": f"{channel};messageid={thread}"},
        user=user,
        channel_data={"teamsChannelId": channel, "teamsTeamId": TEAM,
                      "channel": {"id": channel, "name": "UTB arbetsutskott"},
                      "team": {"id": TEAM, "name": "Utbildning"}, "tenant": {"id": TENANT}},
    )
    if mention:
        activity["text"] = f"<at>{BOT_NAME}</at> {text}"
        activity["entities"] = [{"type": "mention", "text": f"<at>{BOT_NAME}</at>",
                                 "mentioned": {"id": BOT_ID, "name": BOT_NAME}}]
    else:
        activity["text"] = text
    return activity


def personal_message(text: str, *, service_url: str, user: tuple[str, str, str] = KRISTINA) -> dict[str, Any]:
    """A one-to-one chat with the bot: no mention needed."""
    return _base(
        service_url=service_url,
        conversation={"conversationType": "personal", "tenantId": TENANT, "id": f"a:1personal-{user[1]}"},
        user=user,
        channel_data={"tenant": {"id": TENANT}},
    ) | {"text": text}


def group_message(text: str, *, service_url: str, user: tuple[str, str, str] = KRISTINA) -> dict[str, Any]:
    """A group chat the bot is part of."""
    return _base(
        service_url=service_url,
        conversation={"isGroup": True, "conversationType": "groupChat", "tenantId": TENANT,
                      "id": "19:groupchat-utb@thread.v2"},
        user=user,
        channel_data={"tenant": {"id": TENANT}},
    ) | {"text": text}


def card_submit(value: dict[str, Any], *, service_url: str, user: tuple[str, str, str] = KRISTINA) -> dict[str, Any]:
    """An Action.Submit from a card in the channel: a message with ``value`` and no text."""
    activity = channel_message("", service_url=service_url, mention=False, user=user)
    activity.pop("text")
    activity["value"] = value
    activity["replyToId"] = "card-1"
    return activity


def bot_added_to_team(*, service_url: str, user: tuple[str, str, str] = KRISTINA) -> dict[str, Any]:
    """conversationUpdate when the app is installed in a team (General channel)."""
    activity = channel_message("", service_url=service_url, mention=False, user=user)
    activity.pop("text")
    activity["type"] = "conversationUpdate"
    activity["conversation"]["id"] = CHANNEL
    activity["membersAdded"] = [{"id": BOT_ID}]
    activity["channelData"]["eventType"] = "teamMemberAdded"
    return activity


def add_mentions(activity: dict[str, Any], *users: tuple[str, str, str]) -> dict[str, Any]:
    """Mark ``<at>Name</at>`` of each user as Teams does: a mention entity with the channel account id."""
    activity["entities"] = [*activity.get("entities", []),
                            *({"type": "mention", "text": f"<at>{user[2]}</at>",
                               "mentioned": {"id": user[0], "name": user[2]}} for user in users)]
    return activity
