"""Translate a Teams activity into the neutral ``Invocation`` — and nothing else.

Like slack-bolt's ``to_bolt_request``, this is a pure translator: who (AAD object id), where
(the Teams channel, group chat or personal chat), which tenant, and the command line with the
bot's own @mention removed. A card submit carries its command in ``activity.value``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.core.teams.teams_activity_extensions import teams_get_channel_data
from botbuilder.schema import Activity

from handlers.commandline import split_command
from handlers.context import ActorRef, ChannelRef, Invocation, TenantRef

PLATFORM = "teams"
EMULATOR_TENANT = "emulator"
FORM_KEY = "samverkan_form"
COMMAND_KEY = "samverkan_command"
INPUT_KEY = "samverkan_input"  # names the card input whose text completes the command
_OTHER_MENTION = re.compile(r"<at>(.*?)</at>", re.IGNORECASE)


def tenant_of(activity: Activity) -> TenantRef:
    """The Teams tenant; the Bot Framework Emulator has none, so it gets one fixed tenant."""
    data = teams_get_channel_data(activity)
    tenant_id = data.tenant.id if data and data.tenant and data.tenant.id else None
    tenant_id = tenant_id or getattr(activity.conversation, "tenant_id", None) or EMULATOR_TENANT
    team_name = data.team.name if data and data.team and data.team.name else ""
    return TenantRef(platform=PLATFORM, external_id=tenant_id, name=team_name or "")


def actor_of(activity: Activity) -> ActorRef:
    """The person: the AAD object id is stable across chats; the channel account id is not."""
    account = activity.from_property
    user_id = (account.aad_object_id or account.id) if account else "okänd"
    name = (account.name if account else None) or user_id
    return ActorRef(user_id=user_id, display_name=name)


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
    reference: dict[str, Any] = TurnContext.get_conversation_reference(activity).serialize()
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
    data = teams_get_channel_data(activity)
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


def mentions_bot(activity: Activity) -> bool:
    """True when the bot itself is among the activity's mention entities."""
    bot_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        if (entity.type or "").lower() != "mention":
            continue
        mentioned = (getattr(entity, "additional_properties", None) or {}).get("mentioned") or {}
        if bot_id and mentioned.get("id") == bot_id:
            return True
    return False


def command_line_of(activity: Activity) -> str | None:
    """The typed command line, or None when the message is not addressed to the bot.

    In a channel Teams shows every post to everyone, so the bot answers only when @mentioned;
    personal and group chats are conversations with the bot and need no mention.
    """
    text = activity.text or ""
    if mentions_bot(activity):
        text = TurnContext.remove_recipient_mention(activity) or ""
    elif conversation_type(activity) == "channel":
        return None
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
