"""The web pages' Core statements on PostgreSQL: the board, the archive search and the follow-up board."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import pytest

from bot.web.links import signer_for
from tests.scenarios.seed_scripts import SECRETARY
from tests.web.conftest import adjust_seed_000, person_id, record_seed_003

pytestmark = pytest.mark.postgres


@pytest.fixture
def services(postgres_url: str, clock):  # type: ignore[no-untyped-def]
    """This module's pages run on a fresh PostgreSQL database instead of SQLite."""
    from bot.bootstrap import build_services
    from bot.config import Settings
    from storage.migrate import upgrade

    upgrade(postgres_url)
    svc = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=postgres_url), clock=clock)
    yield svc
    svc.extras["engine"].dispose()


def test_pages_on_postgres(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    meeting = adjust_seed_000(chat, services, clock)
    record_seed_003(chat)
    signer = signer_for(services)
    slug = signer.tenant_slug(meeting.tenant_id)
    clock.set(datetime(2022, 4, 6, 9, 0, tzinfo=UTC))
    board = client.get(f"/anslagstavla/{slug}").text
    assert "§§ 19–20" in board and "26 april 2022" in board
    assert "§ 20 Sekretess" in client.get(f"/anslagstavla/{slug}/protokoll/{meeting.id}").text
    tenant, person = person_id(services, SECRETARY)
    archive = signer.make_link(tenant_id=tenant, person_id=person, purpose="arkiv", now=services.now())
    for query in ("utb 2022/30", "samverkansmodel"):
        assert "§ 19 Ny samverkansmodell i länet" in client.get(f"{archive}&q={quote(query)}").text, query
    followup = client.get(signer.make_link(tenant_id=tenant, person_id=person, purpose="uppfoljning",
                                           now=services.now())).text
    assert "2022-12-09 09:00" in followup and "2022-10-31" in followup
    clock.set(datetime(2022, 4, 27, 9, 0, tzinfo=UTC))
    assert f"/protokoll/{meeting.id}\"" in client.get(f"/anslagstavla/{slug}/arkiv").text
