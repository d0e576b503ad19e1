"""Structured logs carry the request id and never a token; /healthz says nothing about config."""

from __future__ import annotations

import asyncio
import json
import logging

from aiohttp.test_utils import TestClient, TestServer

from bot.logs import JsonFormatter, RequestIdFilter, new_request_id


def test_json_line_has_request_id_and_redacts_tokens() -> None:
    rid = new_request_id()
    record = logging.LogRecord("samverkan.test", logging.INFO, __file__, 1,
                               "posting with xoxb-123456-SECRET to C1", None, None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == rid and line["level"] == "INFO"
    assert "SECRET" not in line["message"] and "xoxb-[dolt]" in line["message"]


def test_healthz_reveals_nothing(services) -> None:  # type: ignore[no-untyped-def]
    from bot.server import build_app

    async def probe() -> tuple[int, object]:
        async with TestClient(TestServer(build_app(services=services))) as client:
            response = await client.get("/healthz")
            return response.status, await response.json()

    assert asyncio.run(probe()) == (200, {"status": "ok"})
