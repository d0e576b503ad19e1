"""Fixtures for the web pages: the real server on 127.0.0.1:0 and seed 000 justerad through the chat."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from storage.models import Body, Clause, Meeting, Paragraph, Person
from tests.conftest import seed_path
from tests.scenarios.protocol_scripts import seed_000_protocol_script
from tests.scenarios.seed_scripts import BODY_000, SECRETARY, seed_003_script
from tests.server_thread import ServerThread  # noqa: F401 - fixtures below and tests import it from here


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class WebClient:
    """GET against the test server; a full URL from a link is reduced to its path and query."""

    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, target: str) -> Page:
        parts = urlsplit(target)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:  # noqa: S310 - 127.0.0.1 only
                return Page(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Page(error.code, dict(error.headers), error.read())


@pytest.fixture
def web_server(services) -> Iterator[ServerThread]:  # type: ignore[no-untyped-def]
    from bot.server import build_app

    with ServerThread(build_app(services=services)) as server:
        services.public_url = server.url
        yield server


@pytest.fixture
def client(web_server: ServerThread) -> WebClient:
    return WebClient(web_server.url)


def person_id(services, name: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(tenant id, person id) of a person by name."""
    with services.sessions() as session:
        person = session.scalars(select(Person).where(Person.name == name)).one()
        return person.tenant_id, person.id


def adjust_seed_000(chat, services, clock, *, public: bool = True, secret_paragraph: bool = True) -> Meeting:  # type: ignore[no-untyped-def]
    """Seed 000 recorded, a confidential § 20 added, sent for and given justering through the chat.

    With the body's «nästa arbetsdag» routine the anslag is 2022-04-05 and it comes down (and the
    appeal period ends) 2022-04-26.
    """
    for line in seed_000_protocol_script(seed_path("000")):
        assert "✗" not in chat(line, user=SECRETARY), line
    with services.sessions() as session:
        p19 = session.scalars(select(Paragraph).where(Paragraph.number == 19)).one()
        if secret_paragraph:
            p20 = Paragraph(tenant_id=p19.tenant_id, body_id=p19.body_id, meeting_id=p19.meeting_id, year=2022,
                            number=20, title="Placering av elev HEMLIGTNAMN", confidential=True)
            p20.clauses = [Clause(tenant_id=p19.tenant_id, position=1, text="att bevilja HEMLIGTBESLUT")]
            session.add(p20)
        session.scalars(select(Body).where(Body.name == BODY_000)).one().is_public = public
        session.commit()
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    assert "✗" not in chat("protokoll klart 2022-03-30", user=SECRETARY)
    clock.set(datetime(2022, 4, 4, 11, 0, tzinfo=UTC))
    out = chat(f'protokoll justera 2022-03-30 organ "{BODY_000}"', user="Lina Lindman")
    assert "✗" not in out, out
    with services.sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        session.expunge(meeting)
    assert meeting.state == "justerat", meeting.state
    return meeting


def record_seed_003(chat) -> None:  # type: ignore[no-untyped-def]
    for line in seed_003_script(seed_path("003")):
        assert "✗" not in chat(line, user=SECRETARY), line
