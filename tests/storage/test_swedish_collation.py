"""Lists sort as Swedes expect: A–Z, then Å, Ä, Ö; case ignored; ü as y — on SQLite and PostgreSQL.

Byte order (Python's ``sorted``, SQLite's BINARY, PostgreSQL's "C") puts every capital before
every small letter and «Ärende» before «Åtgärd»; the tests use names where that order and the
Swedish one disagree, so each fails on code that sorts by bytes.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from storage.collation import sort_key, sorted_swedish, swedish

# The order a Swedish reader expects (SAOL, Svenska skrivregler): case is not a letter, ü is y,
# v and w are two letters, å ä ö come last in that order.
SWEDISH = ["adam", "Bertil", "Cecilia", "Myhr", "Müller", "Viktor", "Wilhelm", "zeta",
           "Ålund", "åsa", "Ärlig", "Öberg", "östen"]


def shuffled(items: list[str]) -> list[str]:
    out = list(items)
    random.Random(7).shuffle(out)
    return out


def test_python_key_is_swedish() -> None:
    assert sorted_swedish(shuffled(SWEDISH)) == SWEDISH
    assert sorted(shuffled(SWEDISH)) != SWEDISH  # the test names disagree with byte order
    assert sort_key(None) == sort_key("") < sort_key("a")


def test_database_orders_like_python(any_db_url: str) -> None:
    """ORDER BY swedish(Body.name) in the database gives the Python key's order, on both backends."""
    from storage.db import make_engine, make_session_factory
    from storage.migrate import upgrade
    from storage.models import Body, Tenant

    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            tenant = Tenant(platform="console", external_id="sortering", name="Sortering")
            session.add(tenant)
            session.flush()
            for name in shuffled(SWEDISH):
                session.add(Body(tenant_id=tenant.id, name=name, kind="arbetsgrupp"))
            session.flush()
            ordered = list(session.scalars(select(Body.name).where(Body.tenant_id == tenant.id)
                                           .order_by(swedish(Body.name))))
        assert ordered == SWEDISH
    finally:
        engine.dispose()


def test_body_list_in_chat_is_swedish(any_db_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    """`/samverkan organ` lists the bodies in Swedish order, on SQLite and PostgreSQL."""
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.console import invocation_for
    from bot.render_text import render_text
    from handlers.dispatch import dispatch
    from storage.migrate import upgrade

    upgrade(any_db_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=any_db_url), clock=clock)
    try:
        def send(line: str) -> str:
            return render_text(dispatch(invocation_for(line, user="Kristina Kamsten", channel="utb"),
                                        services=services))

        names = ["Östra gruppen", "Ärendegruppen", "Åtgärdsgruppen", "arbetsutskottet", "Beredningsgruppen",
                 "Zonstyrgruppen"]
        for name in names:
            send(f'samverkan organ ny "{name}" typ arbetsgrupp')
        listing = send("samverkan organ")
        positions = [listing.index(f"{name} – arbetsgrupp") for name in
                     ["arbetsutskottet", "Beredningsgruppen", "Zonstyrgruppen", "Åtgärdsgruppen", "Ärendegruppen",
                      "Östra gruppen"]]
        assert positions == sorted(positions), listing
    finally:
        services.extras["engine"].dispose()


@pytest.mark.postgres
def test_postgres_has_the_icu_collation(postgres_url: str) -> None:
    """The server the bot runs on must be built with ICU: say so plainly if it is not."""
    from sqlalchemy import text

    from storage.collation import POSTGRES_COLLATION
    from storage.db import make_engine

    engine = make_engine(postgres_url)
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT collname FROM pg_collation WHERE collname = :c"),
                                 {"c": POSTGRES_COLLATION}).scalar()
        assert found == POSTGRES_COLLATION
    finally:
        engine.dispose()
