"""The Slack app manifest, generated from the command registry.

Paste the output of ``samverkan slack-manifest`` into "Create New App → From an app manifest":
the slash commands, events and scopes then match exactly what this code listens to.
Each scope is listed with the reason it is needed; nothing else is requested.
"""

from __future__ import annotations

from typing import Any

from handlers import registry

EVENTS_PATH = "/slack/events"
REDIRECT_PATH = "/slack/oauth_redirect"

# scope → why the bot needs it
BOT_SCOPES: dict[str, str] = {
    "commands": "the slash commands /beslut, /dagordning, …",
    "chat:write": "answers, reminders and meeting notices",
    "chat:write.public": "reminders to a bound public channel the bot was never invited to",
    "im:write": "reminders to a person (conversations.open)",
    "users:read": "the name of a person picked in a modal",
    "channels:history": "diarienummer mentioned in public channels that turned bevakning on; reading back "
                        "the bot's own reminders (message metadata) so that a crashed sweep never posts twice",
    "groups:history": "the same in private channels the bot was invited to",
    "im:history": "protocol files a secretary sends the bot in a direct message; reading back reminders "
                  "sent to a person, so that a crashed sweep never posts them twice",
    "files:read": "downloading a protocol file shared with the bot, to import it",
    "files:write": "sharing the protocol as PDF in the conversation (Ladda ned PDF, files.uploadV2)",
}
BOT_EVENTS = ("app_home_opened", "message.channels", "message.groups", "message.im")
DESCRIPTION_LIMIT = 100
USAGE_HINT_LIMIT = 100


def _usage_hint(usage: str, slash: str) -> str:
    """The argument part of the first usage line (``DIARIENUMMER – t.ex. …`` → ``DIARIENUMMER``)."""
    hint = usage.removeprefix(slash).split(" – ")[0].strip()
    return hint[:USAGE_HINT_LIMIT]


def build_manifest(*, public_url: str, socket_mode: bool, oauth: bool, name: str = "Samverkan") -> dict[str, Any]:
    """The manifest for a deployment reachable at ``public_url`` (ignored in Socket Mode)."""
    base = public_url.rstrip("/")
    events_url = f"{base}{EVENTS_PATH}"
    commands = []
    for spec in registry.COMMANDS:
        command: dict[str, Any] = {
            "command": spec.slash,
            "description": spec.text.summary[:DESCRIPTION_LIMIT],
            "usage_hint": _usage_hint(spec.text.usage[0], spec.slash),
            "should_escape": True,
        }
        if not socket_mode:
            command["url"] = events_url
        commands.append(command)
    events: dict[str, Any] = {"bot_events": list(BOT_EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if not socket_mode:
        events["request_url"] = events_url
        interactivity["request_url"] = events_url
    oauth_config: dict[str, Any] = {"scopes": {"bot": sorted(BOT_SCOPES)}}
    if oauth:
        oauth_config["redirect_urls"] = [f"{base}{REDIRECT_PATH}"]
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": name,
            "description": "Dagordningar, beslut, uppdrag och protokoll för samverkansorgan.",
            "background_color": "#1d4f73",
        },
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True,
                         "messages_tab_read_only_enabled": False},
            "bot_user": {"display_name": name, "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": oauth_config,
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": False,
        },
    }
