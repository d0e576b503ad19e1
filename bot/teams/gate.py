"""What ``/api/messages`` checks before the Agents SDK sees an activity: its shape and its sender.

The SDK and our translator trust the JSON they are given: ``channelData`` as a string, a
``mentioned`` that is not an object or a ``serviceUrl`` that is not a URL would make a turn
fail deep inside (a 500 under botbuilder). The Teams service never sends such shapes, so they
are refused here with a 400.

Without ``MICROSOFT_APP_ID`` there is no token to check, and the turn would then write
to the database and post its reply to whatever ``serviceUrl`` the request names (a request
forgery into the local network). Such a deployment therefore refuses every activity, except —
when ``SAMVERKAN_TEAMS_UNAUTHENTICATED_LOCAL`` is set for development — those whose
``serviceUrl`` is on this machine, where the Agents Playground and the Emulator listen.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from microsoft_agents.activity.teams import TeamsChannelData

from bot.config import Settings

_OBJECTS = ("from", "recipient", "conversation", "channelData", "relatesTo")
_LISTS = ("entities", "membersAdded", "membersRemoved", "attachments", "reactionsAdded", "reactionsRemoved")


def service_url_host(url: object) -> str | None:
    """The host of an http(s) ``serviceUrl``, or None when it is not one."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return host if parts.scheme in ("http", "https") and host else None


def _mention_ok(entity: dict[str, Any], *, text: object) -> bool:
    """A mention names an account object by id and quotes its ``<at>`` text, inside a text:
    the mention handling in ``bot.teams.activity`` reads all three."""
    if str(entity.get("type") or "").lower() != "mention":
        return True
    mentioned = entity.get("mentioned")
    return (isinstance(mentioned, dict) and isinstance(mentioned.get("id"), str)
            and isinstance(entity.get("text"), str) and isinstance(text, str))


def well_formed(body: object) -> bool:
    """The shapes the SDK and our translator read without checking."""
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        return False
    if service_url_host(body.get("serviceUrl")) is None:
        return False
    if any(body.get(key) is not None and not isinstance(body[key], dict) for key in _OBJECTS):
        return False
    sender = body.get("from") or {}
    if not isinstance(sender.get("id"), str) or not sender["id"]:  # every channel names the sender's account
        return False
    for key in _LISTS:
        items = body.get(key)
        if items is not None and not (isinstance(items, list) and all(isinstance(item, dict) for item in items)):
            return False
    if not all(_mention_ok(entity, text=body.get("text")) for entity in body.get("entities") or []):
        return False
    if body.get("channelData") is not None:
        try:
            TeamsChannelData.model_validate(body["channelData"])
        except ValueError:  # pydantic's ValidationError
            return False
    return True


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: a service on this machine, not one the sender picked.

    Exactly these spellings: an IPv4-mapped ``::ffff:127.0.0.1`` counts as loopback in some
    Python versions and not in others, and nobody needs it for the Agents Playground."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address == ipaddress.IPv6Address("::1") if address.version == 6 else address.is_loopback


def admits(*, settings: Settings, service_url: str) -> bool:
    """Whether an activity may go on to its token check (``bot.teams.auth``).

    With an app id every activity goes on to token validation. Without one only the explicit
    local-development setting lets anything in, and only from this machine.
    """
    if settings.microsoft_app_id:
        return True
    host = service_url_host(service_url)
    return bool(settings.teams_unauthenticated_local and host is not None and is_loopback(host))
