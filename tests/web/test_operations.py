"""Operations (issue 21): /healthz asks the database, /metrics counts, each request has its own id,
and no access-log line carries a signed link's token."""

from __future__ import annotations

import asyncio
import io
import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.logs import configure_logging
from bot.web.links import make_link


@pytest.fixture
def log_lines():  # type: ignore[no-untyped-def]
    """What the bot's own log handler writes (plain lines, redacted), while the test runs."""
    stream = io.StringIO()
    configure_logging(json_lines=False, level="INFO")
    root = logging.getLogger()
    [handler] = [h for h in root.handlers if getattr(h, "_samverkan", False)]
    handler.setStream(stream)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def _app(services) -> web.Application:  # type: ignore[no-untyped-def]
    from bot.server import build_app

    return build_app(services=services)


def _run(services, probe):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        async with TestClient(TestServer(_app(services))) as client:
            return await probe(client)

    return asyncio.run(go())


def test_each_request_has_its_own_id_in_its_log_lines_and_header(services, log_lines) -> None:  # type: ignore[no-untyped-def]
    log = logging.getLogger("samverkan.test")

    async def slow(request: web.Request) -> web.Response:
        log.info("start %s", request.query["n"])
        await asyncio.sleep(0.05)  # the other request starts meanwhile: ids must not bleed across
        log.info("slut %s", request.query["n"])
        return web.Response(text="ok")

    async def go():  # type: ignore[no-untyped-def]
        app = _app(services)
        app.router.add_get("/langsam", slow)
        async with TestClient(TestServer(app)) as client:
            return await asyncio.gather(client.get("/langsam?n=1"), client.get("/langsam?n=2"))

    first, second = asyncio.run(go())
    ids = {first.headers["X-Request-Id"], second.headers["X-Request-Id"]}
    assert len(ids) == 2 and all(re.fullmatch(r"[0-9a-f]{12}", value) for value in ids)
    text = log_lines.getvalue()
    for number, response in (("1", first), ("2", second)):
        rid = response.headers["X-Request-Id"]
        assert f"[{rid}] start {number}" in text and f"[{rid}] slut {number}" in text, text


def test_a_proxy_request_id_is_kept_and_a_hostile_one_replaced(services) -> None:  # type: ignore[no-untyped-def]
    async def probe(client):  # type: ignore[no-untyped-def]
        kept = await client.get("/healthz", headers={"X-Request-Id": "nginx-4f2a9c31b7d0"})
        hostile = await client.get("/healthz", headers={"X-Request-Id": "x\u2028INFO falsk rad"})
        missing = await client.get("/finns-inte")
        return kept.headers["X-Request-Id"], hostile.headers["X-Request-Id"], missing.headers["X-Request-Id"]

    kept, hostile, missing = _run(services, probe)
    assert kept == "nginx-4f2a9c31b7d0"
    assert re.fullmatch(r"[0-9a-f]{12}", hostile) and re.fullmatch(r"[0-9a-f]{12}", missing)


def test_access_log_never_holds_a_signed_link_token(services, log_lines) -> None:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        from storage.models import Person, Tenant

        tenant = Tenant(platform="console", external_id="local", name="Lokal")
        session.add(tenant)
        session.flush()
        person = Person(tenant_id=tenant.id, platform_user_id="anna", name="Anna")
        session.add(person)
        session.commit()
        ids = (tenant.id, person.id)
    link = make_link(services, tenant_id=ids[0], person_id=ids[1], purpose="uppfoljning", ttl=timedelta(hours=1),
                     now=services.now())
    token = link.split("t=", 1)[1]

    async def probe(client):  # type: ignore[no-untyped-def]
        parts = urlsplit(link)
        response = await client.get(f"{parts.path}?{parts.query}", headers={"Referer": link})
        return response.status, response.headers["X-Request-Id"]

    status, rid = _run(services, probe)
    assert status == 200
    access = [line for line in log_lines.getvalue().splitlines() if "aiohttp.access" in line]
    assert access, log_lines.getvalue()
    assert token not in log_lines.getvalue() and token[:20] not in log_lines.getvalue()
    assert any("/uppfoljning?t=[dolt]" in line and f"[{rid}]" in line for line in access), access


def test_healthz_is_200_with_the_database_and_503_without(services) -> None:  # type: ignore[no-untyped-def]
    from storage.db import make_engine, make_session_factory

    async def probe(client):  # type: ignore[no-untyped-def]
        up = await client.get("/healthz")
        working = services.sessions
        services.sessions = make_session_factory(make_engine("postgresql://samverkan@127.0.0.1:1/borta"))
        try:  # the database goes away while the server runs (nothing listens on port 1)
            down = await client.get("/healthz")
        finally:
            services.sessions = working
        again = await client.get("/healthz")
        return [(r.status, await r.json(), r.headers.get("Cache-Control")) for r in (up, down, again)]

    up, down, again = _run(services, probe)
    assert (up[0], down[0], again[0]) == (200, 503, 200)
    assert up == again == (200, {"status": "ok"}, "no-store")
    # 503, and nothing about why or where: that is in the log
    assert down == (503, {"status": "fel", "meddelande": "Databasen svarar inte."}, "no-store")


def test_metrics_count_requests_by_route_and_read_the_outbox(services, clock) -> None:  # type: ignore[no-untyped-def]
    from storage.models import OutboxMessage, Tenant

    with services.sessions() as session:
        tenant = Tenant(platform="console", external_id="local", name="Lokal")
        session.add(tenant)
        session.flush()
        past, future = clock() - timedelta(hours=1), clock() + timedelta(hours=1)
        for key, state, when in (("a", "pending", past), ("b", "pending", future), ("c", "failed", past),
                                 ("d", "failed", past), ("e", "sent", past)):
            session.add(OutboxMessage(tenant_id=tenant.id, key=key, kind="reminder", subject_type="assignment",
                                      subject_id=1, send_at=when, state=state, payload={}))
        session.commit()

    async def probe(client):  # type: ignore[no-untyped-def]
        for path in ("/healthz", "/healthz", "/anslagstavla/okand", "/wp-admin/x.php", "/wp-login.php"):
            await client.get(path)
        response = await client.get("/metrics")
        return response.status, response.headers["Content-Type"], await response.text()

    status, content_type, text = _run(services, probe)
    assert status == 200 and content_type.startswith("text/plain")
    assert 'samverkan_http_requests_total{method="GET",route="/healthz",status="200"} 2.0' in text
    assert 'samverkan_http_requests_total{method="GET",route="/anslagstavla/{slug}",status="404"} 1.0' in text
    assert 'samverkan_http_requests_total{method="GET",route="(okänd)",status="404"} 2.0' in text
    assert "wp-admin" not in text  # typed paths never become label values
    assert 'samverkan_http_request_duration_seconds_count{route="/healthz"} 2.0' in text
    assert 'samverkan_outbox_messages{state="failed"} 2.0' in text
    assert 'samverkan_outbox_messages{state="pending"} 2.0' in text
    assert "samverkan_outbox_due 1.0" in text  # the pending row whose time has come
    assert "samverkan_database_up 1.0" in text


def test_metrics_token_when_set(services) -> None:  # type: ignore[no-untyped-def]
    settings = services.extras["settings"]
    services.extras["settings"] = settings.model_copy(update={"metrics_token": type(settings.link_secret)("hemlig")})

    async def probe(client):  # type: ignore[no-untyped-def]
        bare = await client.get("/metrics")
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer fel"})
        right = await client.get("/metrics", headers={"Authorization": "Bearer hemlig"})
        return bare.status, wrong.status, right.status, await bare.text()

    bare, wrong, right, text = _run(services, probe)
    assert (bare, wrong, right) == (401, 401, 200)
    assert "samverkan_" not in text and "SAMVERKAN_METRICS_TOKEN" in text
