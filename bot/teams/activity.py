"""Translate a Teams activity into the neutral ``Invocation`` — and nothing else.

Like slack-bolt's ``to_bolt_request``, this is a pure translator: who (AAD object id), where
(the Teams channel, group chat or personal chat), which tenant, and the command line with the
bot's own @mention removed. A card submit carries its command in ``activity.value``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.activity.teams import TeamsChannelData
from pydantic import ValidationError

from handlers.commandline import split_command
from handlers.context import ActorRef, ChannelRef, Invocation, TenantRef
from handlers.syntax import TEAMS_CHANNEL, TEAMS_CHAT, Syntax

PLATFORM = "teams"
EMULATOR_TENANT = "emulator"
FORM_KEY = "samverkan_form"
COMMAND_KEY = "samverkan_command"
INPUT_KEY = "samverkan_input"  # names the card input whose text completes the command
CARD_SCOPE_KEY = "samverkan_card"  # set on buttons that stand for the whole card (it may be replaced)
CARD_ID_KEY = "samverkan_card_id"  # the card to update when the submit comes from a re-asked input
LABEL_KEY = "samverkan_label"  # the label of a button's input, to ask for it again
_OTHER_MENTION = re.compile(r"<at>(.*?)</at>", re.IGNORECASE)


def teams_channel_data(activity: Activity) -> TeamsChannelData | None:
    """Teams' ``channelData`` (team, channel, tenant), or None when absent or of another shape."""
    data = activity.channel_data
    if data is None:
        return None
    if isinstance(data, TeamsChannelData):
        return data
    try:
        return TeamsChannelData.model_validate(data)
    except ValidationError:
        return None


def tenant_of(activity: Activity) -> TenantRef:
    """The Teams tenant; the Bot Framework Emulator has none, so it gets one fixed tenant."""
    data = teams_channel_data(activity)
    tenant_id = data.tenant.id if data and data.tenant and data.tenant.id else None
    tenant_id = tenant_id or getattr(activity.conversation, "tenant_id", None) or EMULATOR_TENANT
    team_name = data.team.name if data and data.team and data.team.name else ""
    return TenantRef(platform=PLATFORM, external_id=tenant_id, name=team_name or "")


def actor_of(activity: Activity) -> ActorRef:
    """The person: the AAD object id is stable across chats; the channel account id is not."""
    account = activity.from_property
    user_id = (account.aad_object_id or account.id) if account else "okänd"
    name = (account.name if account else None) or user_id
    # Mentions name people by the channel account id: keep it too, so both ids meet on one person.
    alt_id = account.id if account is not None and account.id and account.id != user_id else None
    return ActorRef(user_id=user_id, display_name=name, alt_id=alt_id)


def syntax_for(kind: str | None) -> Syntax:
    """How commands are written in a conversation of this type (``handlers.syntax``).

    In a channel Teams delivers a message to the bot only when it is @mentioned, and in a group
    chat the same holds unless the app has chat-wide read consent (it asks for none, so it does
    not hear the group's own talk); a personal chat, like the Emulator, needs no mention."""
    return TEAMS_CHANNEL if kind in ("channel", "groupChat") else TEAMS_CHAT


def conversation_type(activity: Activity) -> str | None:
    """``personal``, ``groupChat`` or ``channel`` (None in the Bot Framework Emulator)."""
    return getattr(activity.conversation, "conversation_type", None) if activity.conversation else None


def reference_of(activity: Activity) -> dict[str, Any]:
    """The conversation reference to store for proactive posts, made stable.

    The activity id is dropped and a channel thread is reduced to the channel itself, so the
    stored value changes only when the channel moves (no row update per message), and a
    proactive post starts a new thread instead of answering an old one. Group and channel
    references drop the last speaker for the same reason; personal ones need the user.
    """
    reference: dict[str, Any] = activity.get_conversation_reference().model_dump(
        by_alias=True, exclude_none=True, mode="json")
    reference.pop("activityId", None)
    conversation = dict(reference.get("conversation") or {})
    kind = conversation.get("conversationType")
    if kind == "channel" and ";" in conversation.get("id", ""):
        conversation["id"] = conversation["id"].split(";", 1)[0]
    reference["conversation"] = conversation
    if kind in ("channel", "groupChat"):
        reference.pop("user", None)
    return reference


def channel_of(activity: Activity) -> ChannelRef:
    """Where: the Teams channel id (not the thread), else the conversation id."""
    data = teams_channel_data(activity)
    channel = data.channel if data else None
    conversation = activity.conversation
    channel_id = (channel.id if channel and channel.id else None) or (conversation.id if conversation else "")
    name = (channel.name if channel and channel.name else None) or (conversation.name if conversation else None)
    return ChannelRef(
        channel_id=channel_id,
        name=name,
        is_direct=conversation_type(activity) == "personal",
        reference=reference_of(activity),
    )


@dataclass(frozen=True)
class Mention:
    """One mention entity: the exact text it covers (``<at>Lina</at>``), whom it names, and how."""

    text: str
    user_id: str
    name: str


def mentions_of(activity: Activity) -> list[Mention]:
    """The activity's mention entities that are well-formed (Teams sends them beside the text)."""
    found: list[Mention] = []
    for entity in _entities(activity):
        if str(entity.get("type") or "").lower() != "mention":
            continue
        mentioned = entity.get("mentioned")
        text = entity.get("text")
        if not isinstance(mentioned, dict) or not isinstance(text, str) or not text:
            continue
        user_id = mentioned.get("aadObjectId") or mentioned.get("id")
        if not isinstance(user_id, str) or not user_id:
            continue
        name = mentioned.get("name") if isinstance(mentioned.get("name"), str) else ""
        found.append(Mention(text=text, user_id=user_id, name=name or _OTHER_MENTION.sub(r"\1", text)))
    return found


def mentions_bot(activity: Activity) -> bool:
    """True when the bot itself is among the activity's mention entities."""
    bot_id = activity.recipient.id if activity.recipient else None
    return bool(bot_id) and any(m.user_id == bot_id for m in _raw_mentions(activity))


def _raw_mentions(activity: Activity) -> list[Mention]:
    """Mentions by the id Teams used (the bot is named by its channel id, never an AAD id)."""
    out = []
    for entity in _entities(activity):
        mentioned = entity.get("mentioned")
        if str(entity.get("type") or "").lower() == "mention" and isinstance(mentioned, dict) \
                and isinstance(mentioned.get("id"), str):
            out.append(Mention(text=str(entity.get("text") or ""), user_id=mentioned["id"], name=""))
    return out


def _entities(activity: Activity) -> list[dict[str, Any]]:
    """The entities as the JSON Teams sent (the SDK parses mentions into models, others not)."""
    out = []
    for entity in activity.entities or []:
        if isinstance(entity, dict):
            out.append(entity)
        elif hasattr(entity, "model_dump"):
            out.append(entity.model_dump(by_alias=True, exclude_none=True, mode="json"))
    return out


def command_line_of(activity: Activity) -> str | None:
    """The typed command line, or None when the message is not addressed to the bot.

    In a channel Teams shows every post to everyone, so the bot answers only when @mentioned;
    personal and group chats are conversations with the bot and need no mention. Only the
    mention entity's own text is removed — botbuilder's ``remove_recipient_mention`` deleted
    every occurrence of the bot's name, so «Samverkansmodell» became «smodell». Other people's
    mentions become ``<@id|name>``, so handlers name them by id, as on Slack.
    """
    text = activity.text or ""
    bot_id = activity.recipient.id if activity.recipient else None
    addressed = mentions_bot(activity)
    if not addressed and conversation_type(activity) == "channel":
        return None
    for raw in _raw_mentions(activity):
        if raw.user_id == bot_id and raw.text:
            text = text.replace(raw.text, " ", 1)
    for mention in mentions_of(activity):
        if mention.user_id != bot_id and mention.text in text:
            text = text.replace(mention.text, f"<@{mention.user_id}|{mention.name}>", 1)
    text = _OTHER_MENTION.sub(lambda match: "@" + match.group(1), text)
    text = html.unescape(text).replace("\xa0", " ")
    return text.strip()


def submitted_line(value: dict[str, Any]) -> tuple[str, dict[str, str] | None] | None:
    """A card submit: (command line, form values or None), or None when it is not ours."""
    if isinstance(value.get(FORM_KEY), str):
        fields = {
            key: "" if item is None else str(item)
            for key, item in value.items()
            if not key.startswith("samverkan_")
        }
        return value[FORM_KEY], fields
    if isinstance(value.get(COMMAND_KEY), str):
        input_name = value.get(INPUT_KEY)
        extra = str(value.get(input_name) or "").strip() if isinstance(input_name, str) else ""
        return (value[COMMAND_KEY] + (" " + extra if extra else "")).strip(), None
    return None


def invocation_from_activity(activity: Activity) -> Invocation | None:
    """The invocation of a message or card submit; None when the bot should stay silent."""
    form_values: dict[str, str] | None = None
    if isinstance(activity.value, dict) and (submitted := submitted_line(activity.value)) is not None:
        line, form_values = submitted
    else:
        found = command_line_of(activity)
        if found is None:
            return None
        line = found
    command, rest = split_command(line)
    return Invocation(
        command=command,
        text=rest,
        tenant=tenant_of(activity),
        actor=actor_of(activity),
        channel=channel_of(activity),
        form_values=form_values,
    )


def installation_invocation(activity: Activity) -> Invocation:
    """A command-less invocation that only registers tenant, installer and conversation."""
    return Invocation(
        command="",
        text="",
        tenant=tenant_of(activity),
        actor=actor_of(activity),
        channel=channel_of(activity),
    )
