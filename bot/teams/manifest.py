"""The Teams app manifest, generated from the command registry, and the installable package.

The checked-in ``manifest.json`` uses a placeholder bot id and example URLs so that it depends
on nothing but the code: a test regenerates it and fails when it and the registry disagree.
``samverkan teams-package`` fills in ``MICROSOFT_APP_ID``, an https ``SAMVERKAN_PUBLIC_URL`` and the
app's identity from the settings (``SAMVERKAN_TEAMS_APP_ID``, ``…_APP_NAME``, ``…_DEVELOPER``), so a
test app and the production app can be installed side by side in one tenant.

What the package promises matches what the bot does: ``supportsFiles`` lets people send a protocol
file in the personal chat (Teams only offers file sending to bots in personal scope), the privacy and
terms URLs are pages this server answers (``bot.web.legal``), and the strings come with an ``sv-se``
localisation file. No resource-specific consent is asked for: without ``ChannelMessage.Read.Group``
the bot sees only messages that @mention it, which is why ``/samverkan bevakning`` is refused in Teams.
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
LOCALIZATION_SCHEMA_URL = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/v1.24/MicrosoftTeams.Localization.schema.json")
SCOPES = ("team", "groupChat", "personal")
MAX_COMMANDS = 12
COLOR_FILE, OUTLINE_FILE = "color.png", "outline.png"
LANGUAGE_TAG = "sv-se"
LANGUAGE_FILE = f"{LANGUAGE_TAG}.json"
DEFAULT_NAME = DEFAULT_DEVELOPER = "Samverkan"
FULL_NAME_SUFFIX = " – möten, beslut och uppdrag"


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


def build_manifest(*, bot_id: str = PLACEHOLDER_BOT_ID, public_url: str = PLACEHOLDER_URL, app_id: str = APP_ID,
                   app_name: str = DEFAULT_NAME, developer: str = DEFAULT_DEVELOPER) -> dict[str, Any]:
    """The manifest; with no arguments, the deterministic one checked in as manifest.json."""
    base = public_url.rstrip("/") if public_url.startswith("https://") else PLACEHOLDER_URL
    commands = command_entries()
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": "1.24",
        "version": app_version(),
        "id": app_id,
        "localizationInfo": {"defaultLanguageTag": LANGUAGE_TAG, "defaultLanguageFile": LANGUAGE_FILE},
        "developer": {
            "name": developer,
            "websiteUrl": f"{base}/",
            "privacyUrl": f"{base}/integritet",
            "termsOfUseUrl": f"{base}/villkor",
        },
        "name": {"short": app_name, "full": (app_name + FULL_NAME_SUFFIX)[:100]},
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
            "supportsFiles": True,  # a protocol file sent in the personal chat is imported
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


def localization(manifest: dict[str, Any]) -> dict[str, Any]:
    """The ``sv-se`` localisation file: every user-visible string of ``manifest``, under the keys
    Teams' localisation schema names (``name.short``, ``bots[0].commandLists[0].commands[0].title``)."""
    strings: dict[str, Any] = {"$schema": LOCALIZATION_SCHEMA_URL}
    for group in ("name", "description"):
        for size in ("short", "full"):
            strings[f"{group}.{size}"] = manifest[group][size]
    for b, bot in enumerate(manifest["bots"]):
        for c, command_list in enumerate(bot["commandLists"]):
            for n, command in enumerate(command_list["commands"]):
                for field in ("title", "description"):
                    strings[f"bots[{b}].commandLists[{c}].commands[{n}].{field}"] = command[field]
    return strings


def write_package(path: Path, *, bot_id: str, public_url: str, app_id: str = APP_ID, app_name: str = DEFAULT_NAME,
                  developer: str = DEFAULT_DEVELOPER) -> Path:
    """The zip Teams installs: manifest.json, its sv-se localisation and both icons at the root."""
    manifest = build_manifest(bot_id=bot_id, public_url=public_url, app_id=app_id, app_name=app_name,
                              developer=developer)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest_text(manifest))
        archive.writestr(LANGUAGE_FILE, manifest_text(localization(manifest)))
        archive.writestr(COLOR_FILE, color_icon())
        archive.writestr(OUTLINE_FILE, outline_icon())
    return path
