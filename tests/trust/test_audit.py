"""The audit trail: every write through chat leaves a row with who, what and when, and
``samverkan audit`` (a real subprocess against the test's SQLite file) lists the trail of a case
in order — the decision, a deadline moved with its reason, justering and a correction with the
clauses before and after — limited to one organisation with ``--organisation``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from handlers.registry import COMMANDS
from storage.models import Assignment, AuditEvent, Paragraph, Tenant
from tests.conftest import ROOT, seed_path
from tests.scenarios.seed_scripts import SECRETARY, seed_000_script

ORGAN = 'organ "Utbildningsnämndens arbetsutskott"'
JUSTERARE = "Lina Lindman"
OTHER_SECRETARY = "Olle Annansson"
OTHER_ORG = ("slack", "T0ANNAN")
CORRECTED = ["ge skolchef i uppdrag att arbeta vidare med samverkansmodellen", "återrapportering ges i juni"]
MOVE_REASON = "skolchefen är föräldraledig"


def samverkan(*args: str, db_url: str, cwd: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAMVERKAN_DATABASE_URL": db_url, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    env.pop("SAMVERKAN_LOG_JSON", None)
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def chat_as(services: Any, line: str, *, user: str, tenant: tuple[str, str], channel: str = "utb-au") -> str:
    """One chat line from another organisation (the ``chat`` fixture is always the terminal's)."""
    from bot.console import invocation_for
    from bot.render_text import render_text
    from handlers.context import TenantRef
    from handlers.dispatch import dispatch

    inv = invocation_for(line, user=user, channel=channel)
    inv = type(inv)(command=inv.command, text=inv.text, actor=inv.actor, channel=inv.channel,
                    tenant=TenantRef(platform=tenant[0], external_id=tenant[1], name="Annan kommun"))
    return render_text(dispatch(inv, services=services))


def record_the_case(chat: Any, services: Any, clock: Any) -> int:
    """§ 19 UTB 22/30 recorded, a deadline moved, justering, a correction; returns the assignment id."""
    path = seed_path("000")
    for line in seed_000_script(path):
        assert "✓" in chat(line, user=SECRETARY), line
    with services.sessions() as s:
        assignment_id = s.scalars(select(Assignment.id).join(Paragraph, Assignment.paragraph_id == Paragraph.id)
                                  .join(Tenant, Tenant.id == Assignment.tenant_id)
                                  .where(Paragraph.number == 19, Tenant.platform == "console")
                                  .order_by(Assignment.id)).first()
    assert assignment_id is not None
    moved = chat(f"uppdrag flytta {assignment_id} till 2022-06-30 eftersom {MOVE_REASON}", user=SECRETARY)
    assert "✓" in moved, moved
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    assert "✓" in chat("protokoll klart 2022-03-30", user=SECRETARY)
    clock.set(datetime(2022, 4, 4, 11, 0, tzinfo=UTC))
    assert "är justerat" in chat(f"protokoll justera 2022-03-30 {ORGAN}", user=JUSTERARE)
    corrected = chat("beslut rätta § 19 2022: att " + "; att ".join(CORRECTED), user=SECRETARY)
    assert "✓" in corrected, corrected
    return assignment_id


def test_samverkan_audit_lists_the_trail_of_a_case_in_order(chat, services, clock, sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = [line.replace("Digitalt möte", "Annanstans") for line in seed_000_script(seed_path("000"))]
    for line in other:  # another organisation records its own UTB 22/30 in the same database
        assert "✓" in chat_as(services, line, user=OTHER_SECRETARY, tenant=OTHER_ORG), line
    assignment_id = record_the_case(chat, services, clock)

    done = samverkan("audit", "UTB 22/30", "--organisation", "console:local", "--json", db_url=sqlite_url,
                     cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    trail = [(r["vem"], r["vad"], r["objekt"]) for r in rows]
    assert trail == [
        (SECRETARY, "meeting.create", "meeting"),
        (SECRETARY, "meeting.adjusters", "meeting"),
        (SECRETARY, "paragraph.record", "paragraph"),
        (SECRETARY, "assignment.move", "assignment"),
        (SECRETARY, "protocol.ready", "meeting"),
        (JUSTERARE, "protocol.adjust", "meeting"),
        (JUSTERARE, "protocol.adjusted", "meeting"),
        (SECRETARY, "paragraph.correct", "paragraph"),
    ], trail
    assert {r["organisation"] for r in rows} == {"console:local"}
    times = [datetime.fromisoformat(r["tid"]) for r in rows]
    assert times == sorted(times)  # when, in order
    move = rows[3]
    assert move["objekt_id"] == assignment_id
    assert move["detaljer"] == {"from": "ingen", "to": "2022-06-30", "reason": MOVE_REASON}
    correction = rows[-1]["detaljer"]
    assert correction["after"] == CORRECTED
    assert correction["before"][0].startswith("ge skolchef i uppdrag att i samarbete med SocialRekos")
    assert correction["before"] != correction["after"]

    other_only = samverkan("audit", "UTB 22/30", "--organisation", ":".join(OTHER_ORG), "--json",
                           db_url=sqlite_url, cwd=tmp_path)
    others = [json.loads(line) for line in other_only.stdout.splitlines()]
    assert others and {(r["organisation"], r["vem"]) for r in others} == {(":".join(OTHER_ORG), OTHER_SECRETARY)}
    assert "paragraph.correct" not in {r["vad"] for r in others}

    everyone = samverkan("audit", "UTB 22/30", "--json", db_url=sqlite_url, cwd=tmp_path)
    assert len(everyone.stdout.splitlines()) == len(rows) + len(others)  # without the option: every organisation

    table = samverkan("audit", "UTB 22/30", "--organisation", "console:local", db_url=sqlite_url, cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "Granskningslogg – UTB 22/30" in table.stdout
    for who, what, _subject in trail:
        assert who in table.stdout and what in table.stdout
    assert OTHER_SECRETARY not in table.stdout and "T0ANNAN" not in table.stdout
    assert MOVE_REASON in table.stdout

    unknown = samverkan("audit", "UTB 22/30", "--organisation", "slack:T0FINNSINTE", db_url=sqlite_url, cwd=tmp_path)
    assert unknown.returncode == 2 and "Ingen organisation" in unknown.stdout


# Every sub-command in the registry is either a read or one of these writes: (who, chat line, action).
READS = {
    ("dagordning", "visa"), ("uppdrag", "mina"), ("uppdrag", "lista"), ("uppdrag", "försenade"),
    ("uppdrag", "tavla"), ("mote", "nästa"), ("mote", "lista"), ("protokoll", "visa"), ("protokoll", "utdrag"), ("protokoll", "pdf"),
    ("samverkan", "hjälp"), ("mote", "anteckningar"), ("samverkan", "avtal"), ("protokoll", "expediering"),
}
WRITES: list[tuple[tuple[str, str], str, str, str]] = [
    (("samverkan", "organ"), SECRETARY, 'samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB',
     "body.create"),
    (("samverkan", "kanal"), SECRETARY, "samverkan kanal Utbildningsnämndens arbetsutskott", "channel.bind"),
    (("samverkan", "medlem"), SECRETARY, "samverkan medlem lägg till Anna Arvidson som ledamot", "member.add"),
    (("samverkan", "bevakning"), SECRETARY, "samverkan bevakning på", "channel.watch"),
    (("mote", "ny"), SECRETARY, "mote ny 2022-03-30 kl. 13:00-14:30 plats Digitalt möte", "meeting.create"),
    (("mote", "justerare"), SECRETARY, "mote justerare Lina Lindman", "meeting.adjusters"),
    (("mote", "närvaro"), SECRETARY, "mote närvaro beslutande Kent Ylvefson, Lina Lindman möte 2022-03-30",
     "meeting.attendance"),
    (("mote", "serie"), SECRETARY, "mote serie datum 2022-05-10, 2022-06-07 kl. 13:00", "meeting.series"),
    (("mote", "flytta"), SECRETARY, "mote flytta 2022-06-07 till 2022-06-08", "meeting.move"),
    (("mote", "ställ in"), SECRETARY, "mote ställ in 2022-06-08 eftersom sjukdom", "meeting.cancel"),
    (("mote", "extra"), SECRETARY, "mote extra 2022-04-04 kl. 10:00", "meeting.create"),
    (("mote", "kallelse"), SECRETARY, "mote kallelse 2022-05-10", "meeting.kallelse"),
    (("dagordning", "lägg till"), "Anna Arvidson", "dagordning lägg till Budget 2023 dnr UTB 22/31", "agenda.add"),
    (("dagordning", "flytta"), SECRETARY, "dagordning flytta 1 till 2", "agenda.move"),
    (("dagordning", "ta bort"), SECRETARY, "dagordning ta bort 2", "agenda.remove"),
    (("beslut", "registrera"), SECRETARY, "beslut registrera § 19 Ny samverkansmodell dnr UTB 22/30 "
     "möte 2022-03-30: 1. ge skolchef i uppdrag att utreda saken senast 2022-05-31. skickas till: Anna Arvidson",
     "paragraph.record"),
    (("protokoll", "jäv"), SECRETARY, "protokoll jäv § 19 Anna Arvidson möte 2022-03-30", "paragraph.jav"),
    (("protokoll", "ersättare"), SECRETARY, "protokoll ersättare § 19 Kent Ylvefson ersätter Anna Arvidson "
     "möte 2022-03-30", "paragraph.substitute"),
    (("uppdrag", "arbetsgrupp"), SECRETARY, "uppdrag arbetsgrupp ASN: kartlägga frånvaron redovisas skriftligt "
     "till 2022-06-07", "assignment.create"),
    (("uppdrag", "rapport"), "Lina Lindman", "uppdrag rapport 2 https://intranat.example/rapport.pdf",
     "assignment.report"),
    (("uppdrag", "ny"), SECRETARY, "uppdrag ny Kent Ylvefson: sammanställa enkäten senast 2022-04-15",
     "assignment.create"),
    (("uppdrag", "flytta"), SECRETARY, "uppdrag flytta 1 till 2022-06-30 eftersom utredaren är sjuk",
     "assignment.move"),
    (("uppdrag", "återrapport"), SECRETARY, "uppdrag återrapport 1 till 2022-03-30", "assignment.report_to"),
    (("uppdrag", "klar"), SECRETARY, "uppdrag klar 2", "assignment.done"),
    (("protokoll", "anslag"), SECRETARY, "protokoll anslag nästa arbetsdag", "body.anslag_policy"),
    (("protokoll", "förvaring"), SECRETARY, "protokoll förvaring Centralarkivet", "body.storage_place"),
    (("protokoll", "klart"), SECRETARY, "protokoll klart 2022-03-30", "protocol.ready"),
    (("protokoll", "ändring"), JUSTERARE, f"protokoll ändring 2022-03-30 {ORGAN} Stavfel i att-satsen",
     "protocol.change_requested"),
    (("protokoll", "justera"), JUSTERARE, f"protokoll justera 2022-03-30 {ORGAN}", "protocol.adjust"),
    (("protokoll", "expediera"), SECRETARY, "protokoll expediera 2022-03-30", "meeting.expedite"),
    (("protokoll", "mottaget"), "Anna Arvidson", "protokoll mottaget 1", "paragraph.received"),
    (("beslut", "rätta"), SECRETARY, "beslut rätta § 19 2022: att ge skolchef i uppdrag att utreda", "paragraph.correct"),
    # Minnesanteckningar: last, since the channel is then bound to an arbetsgrupp (its kind decides).
    (("mote", "anteckning"), SECRETARY, "mote anteckning 1: Gruppen gick igenom enkäten möte 2022-05-12",
     "minutes.note"),
    (("mote", "åtgärd"), SECRETARY, "mote åtgärd 1 Lina Lindman: sammanställa svaren senast 2022-06-01 "
     "möte 2022-05-12", "minutes.action"),
]
GROUP_SETUP = ('samverkan organ ny "Arbetsgrupp skolnärvaro" kort ASN typ arbetsgrupp',
               "samverkan medlem lägg till Lina Lindman som sammankallande i ASN")
MINUTES_SETUP = ('samverkan organ ny "Arbetsgrupp elevhälsa" kort AE typ arbetsgrupp', "samverkan kanal AE",
                 "mote ny 2022-05-12 kl. 9", "dagordning lägg till Enkäten möte 2022-05-12")


def test_the_write_examples_cover_every_sub_command_of_the_registry() -> None:
    registry = {(spec.name, sub) for spec in COMMANDS for sub in spec.subcommands}
    writes = {key for key, *_rest in WRITES}
    assert not writes & READS
    assert registry == writes | READS, registry ^ (writes | READS)  # a new sub-command must be classified here


def test_every_write_command_leaves_an_audit_row_with_its_actor(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    for (command, sub), user, line, action in WRITES:
        if (command, sub) == ("protokoll", "klart"):
            clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
        if (command, sub) == ("dagordning", "flytta"):
            assert "✓" in chat("dagordning lägg till Lokalfrågan", user=SECRETARY)  # two items to reorder
        if (command, sub) == ("protokoll", "justera"):
            assert "✓" in chat("protokoll klart 2022-03-30", user=SECRETARY)  # again, after the change request
            clock.set(datetime(2022, 4, 4, 11, 0, tzinfo=UTC))
        if (command, sub) == ("uppdrag", "arbetsgrupp"):  # a group with a sammankallande to own the uppdrag
            for setup in GROUP_SETUP:
                assert "✓" in chat(setup, user=SECRETARY), setup
        if (command, sub) == ("mote", "anteckning"):
            for setup in MINUTES_SETUP:
                assert "✓" in chat(setup, user=SECRETARY), setup
        with services.sessions() as s:
            before = s.scalar(select(func.max(AuditEvent.id))) or 0
        answer = chat(line, user=user)
        assert "✗" not in answer and "behörighet" not in answer, (line, answer)
        with services.sessions() as s:
            new = s.execute(select(AuditEvent.action, AuditEvent.actor_name, AuditEvent.actor_person_id,
                                   AuditEvent.created_at).where(AuditEvent.id > before)).all()
        assert action in {row.action for row in new}, (line, answer, new)
        mine = [row for row in new if row.action == action]
        assert all(r.actor_name == user and r.actor_person_id and r.created_at for r in mine), mine
