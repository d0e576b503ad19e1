"""OParl export: every object validates against the OParl 1.1 schema of its class.

The schemas point to nested objects' schemas with a ``schema`` key (not ``$ref``), which a
JSON Schema validator ignores; ``validate_deep`` follows those keys itself so embedded
Memberships, AgendaItems and Locations are checked too.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError
from sqlalchemy import select

from handlers.exports.links import tenant_key
from storage.models import Body, Tenant
from tests.integration.export_world import SECRET_TEXT, build_world

SAMVERKAN = Path(sys.executable).parent / "samverkan"


@pytest.fixture
def schemas(schemas_dir: Path) -> dict[str, dict[str, Any]]:
    folder = schemas_dir / "oparl-1.1"
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}


def validate_deep(data: dict[str, Any], schema_name: str, schemas: dict[str, dict[str, Any]]) -> int:
    """Validate ``data`` and every nested object whose property names a schema; returns objects checked."""
    schema = schemas[schema_name]
    Draft7Validator(schema).validate(data)
    checked = 1
    for name, prop in schema.get("properties", {}).items():
        value = data.get(name)
        nested = prop.get("schema") or prop.get("items", {}).get("schema")
        if value is None or not nested or not str(nested).endswith(".json"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                checked += validate_deep(item, nested, schemas)
    return checked


def check_bundle(bundle: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> None:
    checked = validate_deep(bundle["system"], "System.json", schemas) + validate_deep(bundle["body"], "Body.json",
                                                                                      schemas)
    for kind, schema in (("organization", "Organization.json"), ("person", "Person.json"),
                         ("meeting", "Meeting.json"), ("paper", "Paper.json")):
        assert bundle[kind], kind
        checked += sum(validate_deep(obj, schema, schemas) for obj in bundle[kind])
    assert checked >= 10
    first = next(m for m in bundle["meeting"] if m["agendaItem"])
    item = first["agendaItem"][0]
    assert item["number"] == "§ 19" and "ge skolchef i uppdrag" in item["resolutionText"]
    assert [p["reference"] for p in bundle["paper"]] == ["UTB 22/30"]
    names = {p["name"] for p in bundle["person"]}
    assert {"Kristina Kamsten", "Mikael Johansson"} <= names
    assert SECRET_TEXT not in json.dumps(bundle, ensure_ascii=False)
    broken = json.loads(json.dumps(first))
    del broken["agendaItem"][0]["order"]
    with pytest.raises(ValidationError):
        validate_deep(broken, "Meeting.json", schemas)


def test_cli_oparl_validates(chat, clock, services, sqlite_url: str, tmp_path: Path, schemas) -> None:  # type: ignore[no-untyped-def]
    build_world(chat, clock)
    env = {**os.environ, "SAMVERKAN_DATABASE_URL": sqlite_url, "SAMVERKAN_LINK_SECRET": "s"}
    done = subprocess.run([str(SAMVERKAN), "export", "oparl", "--organ", "UTB"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    check_bundle(json.loads(done.stdout), schemas)


def test_http_oparl_lists_validate(chat, clock, services, schemas) -> None:  # type: ignore[no-untyped-def]
    build_world(chat, clock)
    from bot.web import feeds

    async def scenario() -> dict[str, Any]:
        app = web.Application()
        feeds.mount(app, services=services)
        with services.sessions() as session:
            tenant = session.scalars(select(Tenant)).one()
            body_id = session.scalars(select(Body)).one().id
            key = tenant_key(secret=services.extras["feed_secret"], tenant=tenant)
        async with TestClient(TestServer(app)) as client:
            bundle: dict[str, Any] = {}
            system = await client.get(f"/oparl/{key}/system")
            bundle["system"] = await system.json()
            body = await client.get(f"/oparl/{key}/body/{body_id}")
            bundle["body"] = await body.json()
            for kind in ("organization", "person", "meeting", "paper"):
                listing = await client.get(f"/oparl/{key}/body/{body_id}/{kind}")
                assert listing.status == 200
                bundle[kind] = (await listing.json())["data"]
            paper_id = bundle["paper"][0]["id"].rsplit("/", 1)[1]
            paper = await client.get(f"/oparl/{key}/paper/{paper_id}")
            assert paper.status == 200
            assert (await client.get(f"/oparl/{'f' * 32}/body/{body_id}")).status == 404
            assert (await client.get(f"/oparl/{key}/body/{body_id}/secrets")).status == 404
            return bundle

    bundle = asyncio.run(scenario())
    check_bundle(bundle, schemas)
    assert bundle["body"]["meeting"].endswith(f"/body/{bundle['body']['id'].rsplit('/', 1)[1]}/meeting")
