"""Free words as people type them, on SQLite and PostgreSQL (issue #22).

Compounds written apart («samverkans modell») or together («skolmatkostnader» for «skolmat,
kostnader») still find the paragraph; a mistyped word is corrected; a real word the dictionary
lacks («forum») is never turned into another («for», folded from «för») — it is searched as
written, and «Menade du …?» does not offer the wrong word either.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Body, Paragraph, Tenant
from storage.search import index_paragraph, search_paragraphs
from storage.search.query import suggest_words

TITLES = [
    "Ny samverkansmodell i länet",
    "Samverkansavtal och modell för ekonomiuppföljning",
    "Skolmat – kostnader 2023",
    "Upphandling av skolskjutsar",
    "Plan för läxhjälp",
    "Information från regionen",
]


@pytest.fixture
def world(any_db_url: str, clock):  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from bot.config import Settings
    from storage.migrate import upgrade

    upgrade(any_db_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=any_db_url), clock=clock)
    with services.sessions() as session:
        tenant = Tenant(platform="console", external_id="ord", name="Ord")
        session.add(tenant)
        session.flush()
        body = Body(tenant_id=tenant.id, name="Styrgruppen")
        session.add(body)
        session.flush()
        for number, title in enumerate(TITLES, start=1):
            paragraph = Paragraph(tenant_id=tenant.id, body_id=body.id, year=2023, number=number, title=title)
            session.add(paragraph)
            session.flush()
            index_paragraph(session, paragraph, clause_texts=["lägga informationen till handlingarna"])
        session.commit()
    yield services, tenant.id
    services.extras["engine"].dispose()


def _titles(world, query: str, limit: int = 3) -> list[str]:  # type: ignore[no-untyped-def]
    services, tenant_id = world
    with services.sessions() as session:
        hits = search_paragraphs(session, tenant_id=tenant_id, query=query, limit=limit)
        return [session.scalars(select(Paragraph.title).where(Paragraph.id == h.paragraph_id)).one() for h in hits]


@pytest.mark.parametrize(("query", "first"), [
    ("samverkans modell", "Ny samverkansmodell i länet"),  # one word written as two
    ("skolmatkostnader", "Skolmat – kostnader 2023"),  # two words written as one
    ("skolskjtsar", "Upphandling av skolskjutsar"),  # a letter dropped
    ("laxhjalp", "Plan för läxhjälp"),  # no å/ä/ö
])  # fmt: skip
def test_compounds_and_typos_find_the_paragraph(world, query: str, first: str) -> None:  # type: ignore[no-untyped-def]
    assert _titles(world, query)[:1] == [first]


def test_a_real_word_is_never_turned_into_another(world) -> None:  # type: ignore[no-untyped-def]
    assert _titles(world, "forum") == []  # not «for» (from «för»), which four titles hold
    services, tenant_id = world
    with services.sessions() as session:
        assert "for" not in suggest_words(session, tenant_id=tenant_id, query="forum")
        assert suggest_words(session, tenant_id=tenant_id, query="skolskjutsr") == ["skolskjutsar"]
