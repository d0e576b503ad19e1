"""`samverkan person export|radera`: a person's data out (art. 15) and erased (art. 17), on both databases.

The erasure test reads every text column of every table afterwards and looks for the name and the
platform id: a pseudonymisation that misses one table is caught without the test knowing the
table. The decision itself must survive whole, with «[raderad person]» where the name stood.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, select, text

from handlers.context import ActorRef, ChannelRef, Invocation, TenantRef
from tests.cli_runner import invoke

SARA, MIA = ("U0SARA", "Sara Sekreterare"), ("U0MIA", "Mia Lund")


def _send(services, who, channel, line):  # type: ignore[no-untyped-def]
    from handlers.commandline import split_command
    from handlers.dispatch import dispatch

    command, rest = split_command(line)
    where = ChannelRef(channel_id=channel or f"D{who[0]}", name=channel, is_direct=channel is None)
    reply = dispatch(Invocation(command=command, text=rest, tenant=TenantRef(platform="slack", external_id="TGDPR"),
                                actor=ActorRef(user_id=who[0], display_name=who[1]), channel=where),
                     services=services)
    assert reply.tone != "error", (line, reply)
    return reply


@pytest.fixture
def world(any_db_url: str):  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from bot.config import Settings
    from storage.migrate import upgrade
    from tests.conftest import FixedClock

    upgrade(any_db_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=any_db_url),
                              clock=FixedClock(datetime(2022, 3, 30, 9, 0, tzinfo=UTC)))
    _send(services, MIA, None, "hjälp")  # Mia has talked to the bot: she has a person row with her name
    for line in ('samverkan organ ny "Strategigrupp barn och unga" kort BU typ strategigrupp',
                 "samverkan kanal BU",
                 f"samverkan medlem lägg till <@{MIA[0]}|mia> som ledamot",
                 "mote ny 2022-03-30 kl. 15:00",
                 "beslut registrera § 5 Rapport om skolnärvaro\ndnr: BU 22/5\nmöte: 2022-03-30\nbeslut:\n"
                 "1. Rapporten från Mia Lund läggs till handlingarna.\n"
                 "2. uppdra åt Mia Lund att följa upp skolnärvaron senast 2022-04-30.\n"
                 "skickas till: Mia Lund; Rektor"):
        _send(services, SARA, "CBU", line)
    _send(services, MIA, "CBU", "dagordning lägg till Skolnärvaron i höst")
    yield any_db_url, services
    services.extras["engine"].dispose()


def _env(url: str) -> dict[str, str]:
    return {"SAMVERKAN_DATABASE_URL": url}


def _all_text(engine) -> str:  # type: ignore[no-untyped-def]
    """Every value in every table, the search index's own included (what a dump of the database shows)."""
    found: list[str] = []
    with engine.connect() as conn:
        for name in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{name}"')):
                found.extend(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
                             for v in row if v is not None)
    return "\n".join(found)


def test_export_holds_everything_about_the_person(world, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url, _services = world
    out = tmp_path / "utdrag.json"
    result = invoke(["person", "export", "mia lund", "--fil", str(out)], env=_env(url), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["person"]["name"] == "Mia Lund" and document["person"]["platform_user_id"] == "U0MIA"
    assert document["organisation"] == {"plattform": "slack", "id": "TGDPR", "namn": document["organisation"]["namn"]}
    assert [m["organ"] for m in document["medlemskap"]] == ["Strategigrupp barn och unga"]
    assert any("skolnärvaron" in u["task"] for u in document["uppdrag"])
    assert any(a["title"] == "Skolnärvaron i höst" for a in document["dagordningspunkter"])
    assert any(e["action"] for e in document["händelser"])  # what she did herself is in the audit trail
    by_id = invoke(["person", "export", "U0MIA"], env=_env(url), monkeypatch=monkeypatch)
    assert json.loads(by_id.stdout)["person"]["id"] == document["person"]["id"]


def test_erasure_pseudonymises_everywhere_and_keeps_the_decision(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from storage.models import Assignment, AuditEvent, Clause, Paragraph, Person

    url, services = world
    refused = invoke(["person", "radera", "Mia Lund"], env=_env(url), monkeypatch=monkeypatch)
    assert refused.exit_code == 2 and "--ja" in refused.output
    assert "Mia Lund" in _all_text(services.engine)  # nothing changed without --ja
    with services.sessions() as session:
        clauses_before = session.scalar(select(text("count(*)")).select_from(Clause))

    result = invoke(["person", "radera", "Mia Lund", "--ja"], env=_env(url), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    dump = _all_text(services.engine)
    for trace in ("Mia Lund", "U0MIA", "mia lund"):
        assert trace.lower() not in dump.lower(), trace

    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph).where(Paragraph.number == 5)).one()
        clauses = [c.text for c in sorted(paragraph.clauses, key=lambda c: c.position)]
        assert clauses[0] == "Rapporten från [raderad person] läggs till handlingarna."
        assert session.scalar(select(text("count(*)")).select_from(Clause)) == clauses_before
        assert "[raderad person]" in paragraph.distribution and "Rektor" in paragraph.distribution
        assignment = session.scalars(select(Assignment).where(Assignment.paragraph_id == paragraph.id)).one()
        assert assignment.assignee_name == "[raderad person]" and assignment.due_on is not None
        erased = session.scalars(select(Person).where(Person.name == "[raderad person]")).one()
        assert (erased.platform_user_id, erased.email, erased.dm_reference) == (None, None, None)
        [audit] = session.scalars(select(AuditEvent).where(AuditEvent.action == "person.raderad")).all()
        assert audit.subject_id == erased.id and audit.actor_name == "samverkan person radera"

    again = invoke(["person", "export", "Mia Lund"], env=_env(url), monkeypatch=monkeypatch)
    assert again.exit_code == 1 and "Ingen person" in again.output
    lookup = _send(services, SARA, "CBU", "beslut BU 22/5")  # the § still answers, with the pseudonym
    from bot.render_text import render_text

    assert "[raderad person]" in render_text(lookup) and "Mia" not in render_text(lookup)


def test_unknown_or_ambiguous_person_gets_a_clear_message(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url, _services = world
    missing = invoke(["person", "radera", "Ingen Alls", "--ja"], env=_env(url), monkeypatch=monkeypatch)
    assert missing.exit_code == 1 and "Ingen person heter" in missing.output
    assert "Traceback" not in missing.output
    wrong_org = invoke(["person", "export", "Mia Lund", "--organisation", "slack:TANNAN"], env=_env(url),
                       monkeypatch=monkeypatch)
    assert wrong_org.exit_code == 1 and "slack:TANNAN" in wrong_org.output
