"""Translate Slack payloads into neutral invocations — the adapter's only knowledge of Slack's shapes.

Slash commands, button clicks, modal submissions and channel messages all become an
``Invocation`` here, so handlers never see a team id, a trigger id or Slack's escaping.
"""

from __future__ import annotations

from typing import Any

from handlers.commandline import split_command
from handlers.context import ActorRef, ChannelRef, Invocation, TenantRef

PLATFORM = "slack"


def unescape(text: str) -> str:
    """Undo Slack's escaping of ``&``, ``<``, ``>`` in typed text (mentions stay ``<@U…|name>``)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def tenant_ref(*, team_id: str, team_domain: str = "") -> TenantRef:
    """The workspace as a tenant: Slack's team id is stable, the domain is only a name."""
    return TenantRef(platform=PLATFORM, external_id=team_id, name=team_domain)


def channel_ref(*, team_id: str, channel_id: str, channel_name: str | None) -> ChannelRef:
    """A channel; direct messages (``D…`` ids) are not bound to bodies."""
    is_direct = channel_name == "directmessage" or channel_id.startswith("D")
    return ChannelRef(
        channel_id=channel_id,
        name=channel_name,
        is_direct=is_direct,
        reference={"team_id": team_id, "channel_id": channel_id},
    )


def invocation(
    *,
    line: str,
    team_id: str,
    team_domain: str,
    user_id: str,
    user_name: str,
    channel_id: str,
    channel_name: str | None,
    form_values: dict[str, str] | None = None,
) -> Invocation:
    """An invocation of a full command line typed (or clicked) by ``user_id`` in ``channel_id``."""
    command, text = split_command(line)
    return Invocation(
        command=command,
        text=text,
        tenant=tenant_ref(team_id=team_id, team_domain=team_domain),
        actor=ActorRef(user_id=user_id, display_name=user_name or user_id),
        channel=channel_ref(team_id=team_id, channel_id=channel_id, channel_name=channel_name),
        form_values=form_values,
    )


def from_slash_command(body: dict[str, Any]) -> Invocation:
    """``/beslut UTB 22/30`` as Slack posts it (form-encoded fields, escaped text)."""
    line = f"{body.get('command', '')} {unescape(body.get('text') or '')}"
    return invocation(
        line=line,
        team_id=body.get("team_id", ""),
        team_domain=body.get("team_domain", ""),
        user_id=body.get("user_id", ""),
        user_name=body.get("user_name", ""),
        channel_id=body.get("channel_id", ""),
        channel_name=body.get("channel_name"),
    )


def actor_of_interaction(body: dict[str, Any]) -> tuple[str, str, str, str]:
    """(team id, team domain, user id, user name) of a block_actions or view_submission payload."""
    user = body.get("user") or {}
    team = body.get("team") or {}
    team_id = team.get("id") or user.get("team_id") or ""
    name = user.get("name") or user.get("username") or user.get("id", "")
    return team_id, team.get("domain", ""), user.get("id", ""), name


def from_button(*, body: dict[str, Any], line: str) -> Invocation:
    """A button click: the button's command line, run as if the clicker typed it where it was shown."""
    team_id, domain, user_id, user_name = actor_of_interaction(body)
    channel = body.get("channel") or {}
    channel_id = channel.get("id") or user_id  # App Home buttons have no channel: answer in a DM
    channel_name = channel.get("name") if channel.get("id") else "directmessage"
    return invocation(
        line=line,
        team_id=team_id,
        team_domain=domain,
        user_id=user_id,
        user_name=user_name,
        channel_id=channel_id,
        channel_name=channel_name,
    )


def from_message_event(*, event: dict[str, Any], team_id: str, line: str) -> Invocation:
    """A command derived from a channel message (a diarienummer mention)."""
    return invocation(
        line=line,
        team_id=team_id,
        team_domain="",
        user_id=event.get("user", ""),
        user_name=event.get("user", ""),
        channel_id=event.get("channel", ""),
        channel_name="directmessage" if event.get("channel_type") == "im" else None,
    )
