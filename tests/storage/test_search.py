"""Paragraph search on SQLite and PostgreSQL, over the imported seeds.

Both backends must meet people where they type: without å/ä/ö, with a typo, with the first part
of a compound; never across tenants; nothing for nonsense. The § and dnr indexes are checked
through SQLite's query plan, since a lookup that scans is only slow at a million rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.console import CONSOLE_TENANT
from handlers.archive.batch import collect_files, import_file, source_name_for
from handlers.context import TenantRef
from storage.models import Paragraph, Tenant
from storage.search import remove_paragraph, search_paragraphs
from storage.search.query import suggest_words

OTHER = TenantRef(platform="slack", external_id="T0OTHER")


@pytest.fixture
def seeded(any_db_url: str, seeds_dir: Path, clock):  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from bot.config import Settings
    from storage.migrate import upgrade

    upgrade(any_db_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=any_db_url), clock=clock)
    for path in collect_files([seeds_dir]):
        assert import_file(services, tenant=CONSOLE_TENANT, path=path,
                           source_name=source_name_for(path, roots=[seeds_dir])).status == "imported"
    other = next(seeds_dir.glob("002_*.txt"))
    assert import_file(services, tenant=OTHER, path=other, source_name=other.name).status == "imported"
    yield services
    services.extras["engine"].dispose()


def titles(services, query: str, *, tenant: TenantRef = CONSOLE_TENANT, limit: int = 3) -> list[str]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        tenant_id = session.scalars(select(Tenant.id).where(Tenant.external_id == tenant.external_id)).one()
        hits = search_paragraphs(session, tenant_id=tenant_id, query=query, limit=limit)
        return [session.get(Paragraph, hit.paragraph_id).title for hit in hits]


@pytest.mark.parametrize(("query", "first"), [
    ("yrkesvux", "Statsbidrag regionalt yrkesvux 2025"),
    ("lanet samverkansmodell", "Ny samverkansmodell i länet"),  # typed without ä
    ("Länet", "Ny samverkansmodell i länet"),
    ("statsbidarg", "Statsbidrag regionalt yrkesvux 2025"),  # transposed letters
    ("samverkansmodel i lanet", "Ny samverkansmodell i länet"),  # a letter short, no ä
    ("forra motets protokoll", "Förra mötets protokoll"),
    ("UTB 22/30", "Ny samverkansmodell i länet"),  # the dnr is indexed too
])
def test_free_words_find_the_paragraph(seeded, query: str, first: str) -> None:  # type: ignore[no-untyped-def]
    assert titles(seeded, query)[:1] == [first]


def test_first_part_of_a_compound_finds_the_compound(seeded) -> None:  # type: ignore[no-untyped-def]
    assert "Ny samverkansmodell i länet" in titles(seeded, "samverkansmod", limit=5)


def test_nonsense_finds_nothing_and_suggests_near_words(seeded) -> None:  # type: ignore[no-untyped-def]
    assert titles(seeded, "qwxzv") == []
    with seeded.sessions() as session:
        tenant_id = session.scalars(select(Tenant.id).where(Tenant.external_id == "local")).one()
        assert "yrkesvux" in suggest_words(session, tenant_id=tenant_id, query="yrkesvuxx lkjh")


def test_tenants_do_not_see_each_other(seeded) -> None:  # type: ignore[no-untyped-def]
    assert titles(seeded, "samverkansmodell", tenant=OTHER) == []
    assert titles(seeded, "yrkesvux", tenant=OTHER) == ["Statsbidrag regionalt yrkesvux 2025"]


def test_removed_paragraph_is_not_found(seeded) -> None:  # type: ignore[no-untyped-def]
    with seeded.sessions() as session:
        paragraph = session.scalars(select(Paragraph).where(Paragraph.title.like("Statsbidrag%"),
                                                            Paragraph.tenant_id == 1)).one()
        remove_paragraph(session, paragraph_id=paragraph.id)
        session.commit()
    assert titles(seeded, "yrkesvux") == []


def test_lookup_indexes_are_used_and_migration_goes_down_and_up(sqlite_url: str) -> None:
    from storage.db import make_engine
    from storage.migrate import downgrade, upgrade

    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    plans = {
        "§ in a body": "SELECT id FROM paragraph WHERE tenant_id = 1 AND body_id = 2 AND number = 19 "
                       "ORDER BY year DESC, id DESC LIMIT 16",
        "§ anywhere": "SELECT id FROM paragraph WHERE tenant_id = 1 AND number = 19 ORDER BY year DESC, id DESC LIMIT 16",
        "§ in a year": "SELECT id FROM paragraph WHERE tenant_id = 1 AND body_id = 2 AND year = 2022 AND number = 19",
        "dnr": "SELECT id FROM case_file WHERE tenant_id = 1 AND dnr_key = 'UTB:2022:30'",
    }
    with engine.connect() as conn:
        for name, sql in plans.items():
            plan = " ".join(row[-1] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
            assert "USING" in plan and "INDEX" in plan and "TEMP B-TREE" not in plan, (name, plan)
            assert not plan.startswith("SCAN"), (name, plan)
    engine.dispose()
    downgrade(sqlite_url, revision="0004")
    upgrade(sqlite_url)


def test_reindexed_paragraph_is_found_by_its_new_words_only(seeded) -> None:  # type: ignore[no-untyped-def]
    from storage.search import index_paragraph

    with seeded.sessions() as session:
        paragraph = session.scalars(select(Paragraph).where(Paragraph.title == "Avslutning",
                                                            Paragraph.tenant_id == 1)).one()
        paragraph.title = "Mötets avrundning"
        index_paragraph(session, paragraph)
        session.commit()
    assert titles(seeded, "avrundning") == ["Mötets avrundning"]
    assert "Avslutning" not in titles(seeded, "avslutning") and "Mötets avrundning" not in titles(seeded, "avslutning")
