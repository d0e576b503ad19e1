"""manifest.json: valid for Teams, generated from the registry, packaged with real icons."""

from __future__ import annotations

import io
import json
import zipfile

import jsonschema
from PIL import Image

from bot.teams.manifest import PLACEHOLDER_BOT_ID, build_manifest, manifest_text, write_package
from handlers import registry
from tests.conftest import ROOT


def test_checked_in_manifest_is_generated_from_registry() -> None:
    on_disk = (ROOT / "manifest.json").read_text(encoding="utf-8")
    assert on_disk == manifest_text(build_manifest()), "run `samverkan teams-manifest` to regenerate"


def test_manifest_is_valid_and_lists_every_command(schemas_dir) -> None:  # type: ignore[no-untyped-def]
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    schema = json.loads((schemas_dir / "teams-manifest-v1.24.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(manifest)
    [bot] = manifest["bots"]
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    lists = bot["commandLists"]
    assert 1 <= len(lists) <= 3 and all(len(item["commands"]) <= 12 for item in lists)
    for item in lists:
        titles = [command["title"] for command in item["commands"]]
        assert all(registry.find(title.split()[0]) is not None for title in titles)
        assert {registry.find(title.split()[0]).name for title in titles} == {spec.name for spec in registry.COMMANDS}


def test_package_has_manifest_and_icons_at_root(tmp_path, schemas_dir) -> None:  # type: ignore[no-untyped-def]
    app_id = "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b"
    path = write_package(tmp_path / "app.zip", bot_id=app_id, public_url="https://samverkan.ange.se")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png", "sv-se.json"]
        manifest = json.loads(archive.read("manifest.json"))
        color = Image.open(io.BytesIO(archive.read("color.png")))
        outline = Image.open(io.BytesIO(archive.read("outline.png")))
    schema = json.loads((schemas_dir / "teams-manifest-v1.24.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(manifest)
    assert manifest["bots"][0]["botId"] == app_id != PLACEHOLDER_BOT_ID
    assert manifest["validDomains"] == ["samverkan.ange.se"]
    assert (color.format, color.size) == ("PNG", (192, 192))
    assert (outline.format, outline.size, outline.mode) == ("PNG", (32, 32), "RGBA")
    pixels = [outline.getpixel((x, y)) for x in range(32) for y in range(32)]
    assert {p[:3] for p in pixels if p[3] > 0} == {(255, 255, 255)}, "outline icon is white only"
    assert any(p[3] == 0 for p in pixels), "outline icon has a transparent background"
