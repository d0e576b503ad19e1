"""Fixtures for the Teams end-to-end tests: the real server, a fake connector, schemas."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests

from tests.fakes.bf_connector import FakeConnector
from tests.server_thread import ServerThread as BaseServerThread


class ServerThread(BaseServerThread):
    """The shared test server plus a helper that posts a Teams activity to ``/api/messages``."""

    def post(self, activity: dict[str, Any], *, token: str | None = None) -> requests.Response:
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return requests.post(f"{self.url}/api/messages", data=json.dumps(activity), headers=headers, timeout=30)


@pytest.fixture
def services(services):  # type: ignore[no-untyped-def]
    """The shared services, set up as for the Agents Playground: no app id, and unauthenticated
    activities allowed from this machine — where the fake connector (the serviceUrl) listens."""
    settings = services.extras["settings"]
    services.extras["settings"] = settings.model_copy(update={"teams_unauthenticated_local": True})
    return services


@pytest.fixture
def connector() -> Iterator[FakeConnector]:
    with FakeConnector() as fake:
        yield fake


@pytest.fixture
def server(services) -> Iterator[ServerThread]:  # type: ignore[no-untyped-def]
    from bot.server import build_app

    with ServerThread(build_app(services=services)) as running:
        yield running


@pytest.fixture(scope="session")
def card_validator() -> jsonschema.Draft6Validator:
    from tests.conftest import SCHEMAS

    path = SCHEMAS / "adaptive-card-1.5.schema.json"
    if not path.is_file():
        pytest.skip("../shared/schemas saknas")
    return jsonschema.Draft6Validator(json.loads(Path(path).read_text(encoding="utf-8")))


def cards_of(activity: dict[str, Any]) -> list[dict[str, Any]]:
    """The Adaptive Cards attached to a posted activity."""
    return [item["content"] for item in activity.get("attachments") or []
            if item.get("contentType") == "application/vnd.microsoft.card.adaptive"]


def visible_text(activity: dict[str, Any]) -> str:
    """What a reader sees: the plain text, or every TextBlock and fact of the cards."""
    parts = [activity.get("text") or ""]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                parts.append(node["text"])
            if node.get("type") == "FactSet":
                parts.extend(f"{fact['title']}: {fact['value']}" for fact in node["facts"])
            if node.get("type", "").startswith("Action."):
                parts.append(f"[{node.get('title', '')}]")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for card in cards_of(activity):
        walk(card.get("body"))
        walk(card.get("actions"))
    return "\n".join(part for part in parts if part)
