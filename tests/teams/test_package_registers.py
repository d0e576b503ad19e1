"""The Teams package registers (issue 21): its pages exist, its identity comes from the settings so a
test and a production app coexist, it ships an sv-se localisation, and it promises file upload."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import requests

from bot.teams.manifest import APP_ID, write_package
from tests.cli_runner import invoke
from tests.server_thread import ServerThread

PUBLIC = "https://samverkan.ange.se/bot"
TEST_APP = "0d6c3b1e-8f1a-4c4e-9d7b-2a5f6e7c8d90"
# The keys Teams' localisation schema (v1.24) accepts for what this manifest has, with their length limits.
LOCALIZABLE = {
    r"name\.short": 30, r"name\.full": 100, r"description\.short": 80, r"description\.full": 4000,
    r"bots\[0\]\.commandLists\[\d+\]\.commands\[\d+\]\.title": 32,
    r"bots\[0\]\.commandLists\[\d+\]\.commands\[\d+\]\.description": 128,
}


def _package(tmp_path: Path, name: str, **identity: str) -> dict[str, dict]:
    path = write_package(tmp_path / name, bot_id="6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b", public_url=PUBLIC, **identity)
    with zipfile.ZipFile(path) as archive:
        return {member: json.loads(archive.read(member)) for member in archive.namelist() if member.endswith(".json")}


def _lookup(manifest: dict, key: str) -> object:
    """``bots[0].commandLists[1].commands[2].title`` → that value of the manifest."""
    node: object = manifest
    for part in key.split("."):
        name, *indexes = re.findall(r"[^\[\]]+", part)
        node = node[name]  # type: ignore[index]
        for index in indexes:
            node = node[int(index)]  # type: ignore[index]
    return node


def test_test_and_production_packages_coexist_and_validate(tmp_path: Path, schemas_dir: Path) -> None:
    schema = json.loads((schemas_dir / "teams-manifest-v1.24.schema.json").read_text(encoding="utf-8"))
    production = _package(tmp_path, "prod.zip")["manifest.json"]
    test = _package(tmp_path, "test.zip", app_id=TEST_APP, app_name="Samverkan (test)",
                    developer="Ange kommun")["manifest.json"]
    for manifest in (production, test):
        jsonschema.Draft4Validator(schema).validate(manifest)
    assert production["id"] == APP_ID and test["id"] == TEST_APP
    assert test["name"]["short"] == "Samverkan (test)" != production["name"]["short"]
    assert test["developer"]["name"] == "Ange kommun"
    assert test["name"]["full"].startswith("Samverkan (test) – ")


def test_sv_se_localisation_covers_every_string(tmp_path: Path) -> None:
    files = _package(tmp_path, "app.zip")
    manifest, strings = files["manifest.json"], files["sv-se.json"]
    assert manifest["localizationInfo"] == {"defaultLanguageTag": "sv-se", "defaultLanguageFile": "sv-se.json"}
    assert strings.pop("$schema").endswith("/v1.24/MicrosoftTeams.Localization.schema.json")
    commands = sum(len(item["commands"]) for item in manifest["bots"][0]["commandLists"])
    assert len(strings) == 4 + 2 * commands
    for key, value in strings.items():
        limits = [limit for pattern, limit in LOCALIZABLE.items() if re.fullmatch(pattern, key)]
        assert limits, f"Teams has no localisable key {key}"
        assert value == _lookup(manifest, key) and 0 < len(value) <= limits[0], key
    assert "Slå upp beslut (dnr, § eller fritext) och registrera nya paragrafer." in strings.values()


def test_files_are_supported_where_the_bot_imports_them(tmp_path: Path) -> None:
    [bot] = _package(tmp_path, "app.zip")["manifest.json"]["bots"]
    assert bot["supportsFiles"] is True and "personal" in bot["scopes"]


def test_every_url_the_package_links_to_answers_200_in_swedish(tmp_path: Path, services) -> None:  # type: ignore[no-untyped-def]
    from bot.server import build_app

    settings = services.extras["settings"]
    services.extras["settings"] = settings.model_copy(update={"teams_developer_name": "Ange kommun",
                                                              "privacy_contact": "dataskydd@ange.se"})
    developer = _package(tmp_path, "app.zip")["manifest.json"]["developer"]
    urls = [developer[key] for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl")]
    assert all(url.startswith(PUBLIC + "/") for url in urls)
    with ServerThread(build_app(services=services)) as server:
        pages = {url: requests.get(server.url + urlsplit(url).path.removeprefix("/bot"), timeout=30) for url in urls}
    for url, response in pages.items():
        assert response.status_code == 200, url
        assert response.headers["Content-Type"].startswith("text/html") and '<html lang="sv">' in response.text
        assert "Ange kommun" in response.text
    privacy = pages[developer["privacyUrl"]].text
    assert "Personuppgiftsansvarig" in privacy and "dataskydd@ange.se" in privacy
    assert "Användarvillkor" in pages[developer["termsOfUseUrl"]].text


@pytest.mark.parametrize(("env", "expected"), [
    ({"SAMVERKAN_TEAMS_APP_ID": "min-app"}, "SAMVERKAN_TEAMS_APP_ID måste vara ett GUID"),
    ({"SAMVERKAN_TEAMS_APP_NAME": "Samverkan för Ange kommuns nämnder och styrelser"}, "1–30 tecken"),
    ({"SAMVERKAN_TEAMS_PACKAGE": "../app"}, "SAMVERKAN_TEAMS_PACKAGE är filnamnet"),
])
def test_bad_package_settings_get_a_swedish_sentence_and_no_file(
        env: dict[str, str], expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(["teams-package"], env=env, monkeypatch=monkeypatch)
    assert result.exit_code == 1 and expected in result.output and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.zip"))


def test_package_name_and_identity_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = {"SAMVERKAN_TEAMS_APP_ID": TEST_APP, "SAMVERKAN_TEAMS_APP_NAME": "Samverkan (test)",
           "SAMVERKAN_TEAMS_DEVELOPER": "Ange kommun", "SAMVERKAN_TEAMS_PACKAGE": "samverkan-test",
           "SAMVERKAN_PUBLIC_URL": PUBLIC, "MICROSOFT_APP_ID": "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b"}
    result = invoke(["teams-package"], env=env, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "samverkan-test.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert (manifest["id"], manifest["name"]["short"], manifest["developer"]["name"]) == (
        TEST_APP, "Samverkan (test)", "Ange kommun")
    assert manifest["developer"]["privacyUrl"] == PUBLIC + "/integritet"
