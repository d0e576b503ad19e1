"""The Teams app manifest, generated from the command registry, and the installable package.

The checked-in ``manifest.json`` uses a placeholder bot id and example URLs so that it depends
on nothing but the code: a test regenerates it and fails when it and the registry disagree.
``samverkan teams-package`` fills in ``MICROSOFT_APP_ID`` and an https ``SAMVERKAN_PUBLIC_URL``.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.teams.icons import ACCENT, color_icon, outline_icon
from handlers import registry
from handlers.syntax import TEAMS_CHAT, render

SCHEMA_URL = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.24/MicrosoftTeams.schema.json"
PLACEHOLDER_BOT_ID = "00000000-0000-0000-0000-000000000000"
APP_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "https://samverkan.se/teams-app"))  # stable across builds
PLACEHOLDER_URL = "https://example.org/samverkan"
SCOPES = ("team", "groupChat", "personal")
MAX_COMMANDS = 12
COLOR_FILE, OUTLINE_FILE = "color.png", "outline.png"


def app_version() -> str:
    """The package version; Teams wants the manifest version bumped with every change."""
    try:
        return version("samverkan")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0"


def command_entries() -> list[dict[str, str]]:
    """Every top-level command, then sub-commands round-robin, at most 12 (Teams' limit)."""
    entries = [{"title": _word(spec), "description": spec.text.summary} for spec in registry.COMMANDS]
    pending = [[(spec, sub) for sub in spec.subcommands if _usage(spec, sub)] for spec in registry.COMMANDS]
    while len(entries) < MAX_COMMANDS and any(pending):
        for queue in pending:
            if queue and len(entries) < MAX_COMMANDS:
                spec, sub = queue.pop(0)
                entries.append({"title": f"{TEAMS_CHAT.command(spec.name)} {sub}", "description": _usage(spec, sub)})
    return entries


def _word(spec: registry.CommandSpec) -> str:
    """What to type after @Samverkan: «hjälp» reads better than «samverkan» for the help command,
    and Teams takes the real word «möte» where Slack's command name has to be «mote»."""
    return "hjälp" if spec.name == "samverkan" else TEAMS_CHAT.command(spec.name)


def _usage(spec: registry.CommandSpec, sub: str) -> str:
    """The usage line of a sub-command without its slash, or "" when it has none of its own."""
    if spec.name == "samverkan" and sub == "hjälp":
        return ""
    for line in spec.text.usage:
        if line.startswith(f"/{spec.name} {sub}"):
            return (render(line, syntax=TEAMS_CHAT) or "")[:4000]
    return ""


def build_manifest(*, bot_id: str = PLACEHOLDER_BOT_ID, public_url: str = PLACEHOLDER_URL) -> dict[str, Any]:
    """The manifest; with no arguments, the deterministic one checked in as manifest.json."""
    base = public_url.rstrip("/") if public_url.startswith("https://") else PLACEHOLDER_URL
    commands = command_entries()
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": "1.24",
        "version": app_version(),
        "id": APP_ID,
        "developer": {
            "name": "Samverkan",
            "websiteUrl": f"{base}/",
            "privacyUrl": f"{base}/integritet",
            "termsOfUseUrl": f"{base}/villkor",
        },
        "name": {"short": "Samverkan", "full": "Samverkan – möten, beslut och uppdrag"},
        "description": {
            "short": "Dagordning, beslut, uppdrag och påminnelser för samverkansorgan.",
            "full": (
                "Samverkan är sekreterarens verktyg och alla ledamöters minne: lägg till ärenden på "
                "dagordningen, registrera beslut med att-satser, följ upp uppdrag med påminnelser i "
                "kanalen och slå upp beslut på diarienummer, paragraf eller fritext. Samma kommandon "
                "som i Slack och terminalen."
            ),
        },
        "icons": {"color": COLOR_FILE, "outline": OUTLINE_FILE},
        "accentColor": ACCENT,
        "bots": [{
            "botId": bot_id,
            "scopes": list(SCOPES),
            "isNotificationOnly": False,
            "supportsFiles": False,
            "commandLists": [{"scopes": [scope], "commands": commands} for scope in SCOPES],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [urlparse(base).hostname or "example.org"],
    }


def manifest_text(manifest: dict[str, Any]) -> str:
    """Stable JSON text (so a regenerated file diffs cleanly)."""
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def write_manifest(path: Path) -> Path:
    """Write the checked-in manifest.json."""
    path.write_text(manifest_text(build_manifest()), encoding="utf-8")
    return path


def write_package(path: Path, *, bot_id: str, public_url: str) -> Path:
    """The zip Teams installs: manifest.json and both icons at the root."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest_text(build_manifest(bot_id=bot_id, public_url=public_url)))
        archive.writestr(COLOR_FILE, color_icon())
        archive.writestr(OUTLINE_FILE, outline_icon())
    return path
