"""Every statement a lookup runs uses an index on the tables that grow with the archive (issue #20).

Not timed: the plans are read. The lookups run through the chat handler as a user types them,
each SQL statement they send on the archive's tables is captured, and its plan is asked for —
SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN with sequential scans made a last resort. A full
scan of paragraph, case_file, meeting, clause or search_word costs nothing on a test database and
seconds at a million paragraphs, so any such plan fails here, whatever the timings say.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from handlers.parsing.dnr import parse_dnr
from storage.models import Body, Case, Meeting, Paragraph, Tenant
from storage.search import index_paragraph

GROWING = ("paragraph", "case_file", "meeting", "clause", "search_word", "assignment")
QUERIES = ("§ 12 2023 organ KS", "Ks § 12", "§ 2/21 organ KS", "§ 6 den 13 juli 2023", "KS 2023/145", "2014/757",
           "2023/BUN 0203 40", "KS 2023/999", "skolskjutsar", "samverkans modell", "skolskjtsar", "forum",
           "budget 2023 ks", "§ 99")


@pytest.fixture
def lookups(any_db_url: str, clock):  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.console import invocation_for
    from handlers.dispatch import dispatch
    from storage.migrate import upgrade

    upgrade(any_db_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=any_db_url), clock=clock)
    dispatch(invocation_for("hjälp", user="Anna", channel="allmänt"), services=services)
    with services.sessions() as session:
        tenant = session.query(Tenant).filter_by(platform="console", external_id="local").one()
        body = Body(tenant_id=tenant.id, name="Kommunstyrelsen", short_name="KS")
        session.add(body)
        session.flush()
        for year, number, title, dnr in ((2014, 88, "Detaljplan för Norra hamnen", "KS 2014/757"),
                                         (2023, 12, "Budget 2023 för KS", "KS 2023/145"),
                                         (2021, 2, "Val av justerare", None),
                                         (2023, 6, "Upphandling av skolskjutsar", "BUN 2023/203"),
                                         (2023, 7, "Ny samverkansmodell i länet", None)):
            meeting = Meeting(tenant_id=tenant.id, body_id=body.id, state="justerat",
                              starts_at=datetime(year, 7, 13, 11, tzinfo=UTC))
            session.add(meeting)
            session.flush()
            case = None
            if dnr:
                parsed = parse_dnr(dnr)
                assert parsed is not None
                case = Case(tenant_id=tenant.id, dnr_key=parsed.key, dnr_written=dnr)
                session.add(case)
                session.flush()
            paragraph = Paragraph(tenant_id=tenant.id, body_id=body.id, meeting_id=meeting.id, year=year,
                                  number=number, title=title, case_id=case.id if case else None)
            session.add(paragraph)
            session.flush()
            index_paragraph(session, paragraph, clause_texts=["lägga informationen till handlingarna"])
        session.commit()

    def run(query: str) -> None:
        dispatch(invocation_for(f"/beslut {query}", user="Anna", channel="allmänt"), services=services)

    yield services, run
    services.extras["engine"].dispose()


def _captured(services, run) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    engine = services.extras["engine"]
    seen: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and re.search(
                rf"\b(?:{'|'.join(GROWING)}|paragraph_fts|paragraph_search)\b", statement):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        for query in QUERIES:
            run(query)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen


def test_every_lookup_statement_uses_an_index(lookups) -> None:  # type: ignore[no-untyped-def]
    services, run = lookups
    statements = _captured(services, run)
    assert len(statements) > len(QUERIES)  # every lookup reached the archive's tables
    engine = services.extras["engine"]
    scans = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            for sql, params in statements:
                plan = [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
                scans += [(step, sql) for step in plan
                          if re.match(rf"SCAN (?:{'|'.join(GROWING)})\b(?! USING (?:COVERING )?INDEX \w+ \()", step)
                          or re.match(rf"SCAN (?:{'|'.join(GROWING)})$", step)]
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")  # a seq scan is then chosen only without an index
            for sql, params in statements:
                plan = [row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}", params)]
                scans += [(step, sql) for step in plan if re.search(rf"Seq Scan on (?:{'|'.join(GROWING)})\b", step)]
    assert scans == [], scans


def test_the_plan_check_catches_a_scan(lookups) -> None:  # type: ignore[no-untyped-def]
    """The check above is not vacuous: a lookup by title alone (no index) is reported as a scan."""
    services, _ = lookups
    engine = services.extras["engine"]
    sql = "SELECT id FROM paragraph WHERE title = 'Val av justerare'"
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            plan = " ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert re.match(r"SCAN paragraph$", plan), plan
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = " ".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))
            assert "Seq Scan on paragraph" in plan, plan
