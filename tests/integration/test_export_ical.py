"""iCalendar export: CLI and the HTTP feed both parse back with the icalendar library."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar
from sqlalchemy import select

from handlers.exports.links import calendar_url
from storage.models import Body, Tenant
from tests.integration.export_world import SECRET_TEXT, build_world

SAMVERKAN = Path(sys.executable).parent / "samverkan"


def _check(calendar: Calendar) -> None:
    events = calendar.walk("VEVENT")
    todos = {str(t["SUMMARY"]): t for t in calendar.walk("VTODO")}
    assert len(events) == 2
    first = next(e for e in events if e.decoded("DTSTART") == datetime(2022, 3, 30, 11, 0, tzinfo=UTC))
    assert str(first["LOCATION"]) == "Digitalt möte" and first.decoded("DTEND") == datetime(2022, 3, 30, 12, 30,
                                                                                           tzinfo=UTC)
    assert any(e.decoded("DTSTART") == date(2022, 5, 18) for e in events)  # no time given: an all-day event
    done = todos["skolchef: ge skolchef i uppdrag att i samarbete med SocialRekos beredningsgrupp arbeta vidare "
                 "med förslag på samverkansmodell"]
    assert str(done["STATUS"]) == "COMPLETED" and "COMPLETED" in done
    assert "§ 19 Ny samverkansmodell i länet (UTB 22/30)" in str(done["DESCRIPTION"])
    assert "/paper/" in str(done["URL"])
    open_one = todos["Marita Westin: sammanställa enkätsvaren"]
    assert str(open_one["STATUS"]) == "NEEDS-ACTION"
    assert open_one.decoded("DUE") == datetime(2022, 4, 29, 10, 0, tzinfo=UTC)
    assert SECRET_TEXT not in calendar.to_ical().decode()


def test_cli_ical_parses_back(chat, clock, services, sqlite_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_world(chat, clock)
    out = tmp_path / "utb.ics"
    env = {**os.environ, "SAMVERKAN_DATABASE_URL": sqlite_url}
    done = subprocess.run([str(SAMVERKAN), "export", "ical", "--organ", "UTB", "--out", str(out)], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"VERSION:2.0" in raw and b"PRODID:" in raw
    _check(Calendar.from_ical(raw))


def test_http_feed_needs_the_tenant_key(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    build_world(chat, clock)
    from bot.web import feeds

    async def scenario() -> None:
        app = web.Application()
        feeds.mount(app, services=services)
        with services.sessions() as session:
            tenant = session.scalars(select(Tenant)).one()
            body = session.scalars(select(Body)).one()
            url = calendar_url(services=services, tenant=tenant, body=body)
        assert url is not None
        path = url.removeprefix(services.public_url)
        async with TestClient(TestServer(app)) as client:
            good = await client.get(path)
            assert good.status == 200 and good.content_type == "text/calendar"
            _check(Calendar.from_ical(await good.read()))
            wrong = await client.get(path.replace("/feeds/", "/feeds/0").replace(path.split("/")[2], "0" * 32))
            assert wrong.status == 404
            other = await client.get(path.rsplit("/", 1)[0] + "/999.ics")
            assert other.status == 404

    asyncio.run(scenario())
    assert "Prenumerera på organets kalender: http" in chat("protokoll 2022-03-30")
