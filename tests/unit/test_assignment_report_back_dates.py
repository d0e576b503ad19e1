"""Report-back dates (issue #15): never silently before the deadline, and correctable in chat.

Seed 003's last clause is due «senast 31/10» and reports back to «ett gemensamt möte … 9/12 kl. 9».
Read in November, 31/10 is next year; 9/12 must then be next year too, not this December — before
its own deadline. A deadline moved past the report-back meeting is kept (the secretary records
what was decided) but the reply warns; ``/uppdrag återrapport N till MÖTE`` moves the report-back,
agenda item included.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select

from bot.console import CONSOLE_TENANT
from storage.models import AgendaItem, Assignment, Meeting
from tests.conftest import seed_path
from tests.scenarios.seed_scripts import SECRETARY, seed_003_clauses

CHANNEL = "bg"


def _say(chat, line: str) -> str:  # type: ignore[no-untyped-def]
    return chat(line, user=SECRETARY, channel=CHANNEL)


def _body(chat) -> None:  # type: ignore[no-untyped-def]
    for line in ('samverkan organ ny "Beredningsgruppen" kort BG typ beredningsgrupp', "samverkan kanal Beredningsgruppen"):
        assert "✗" not in _say(chat, line), line


def _local(moment: datetime, services) -> tuple[date, time]:  # type: ignore[no-untyped-def]
    local = moment.astimezone(services.zone)
    return local.date(), local.time()


def test_seed_003_recorded_in_november_reports_back_after_each_deadline(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2022, 11, 15, 9, 0, tzinfo=UTC))
    _body(chat)
    assert "✓" in _say(chat, "mote ny 2022-11-15 kl. 9:00")
    record = "beslut registrera Fortsatt arbete med samverkansmodellen möte 2022-11-15\nbeslut:\n" + "\n".join(
        seed_003_clauses(seed_path("003")))
    assert "✗" not in _say(chat, record)
    with services.sessions() as session:
        rows = session.scalars(select(Assignment).order_by(Assignment.clause_position)).all()
        pairs = [(r.due_on, _local(r.report_at, services)) for r in rows if r.due_on and r.report_at]
    assert (date(2023, 10, 31), (date(2023, 12, 9), time(9))) in pairs
    assert (date(2023, 5, 1), (date(2023, 6, 3), time(9))) in pairs
    assert all(report_day >= due for due, (report_day, _t) in pairs), pairs


def test_seed_003_imported_today_reports_back_after_each_deadline(services, clock) -> None:  # type: ignore[no-untyped-def]
    from handlers.archive.batch import import_file

    clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))  # between 31/10 and 9/12, as on the day of the issue
    path = seed_path("003")
    result = import_file(services, tenant=CONSOLE_TENANT, path=path, source_name=path.name)
    assert result.status == "imported", result
    with services.sessions() as session:
        rows = session.scalars(select(Assignment)).all()
        pairs = [(r.due_on, _local(r.report_at, services)[0]) for r in rows if r.due_on and r.report_at]
    assert pairs and all(report_day >= due for due, report_day in pairs), pairs
    assert (date(2027, 10, 31), date(2027, 12, 9)) in pairs


def test_typed_report_back_without_year_follows_its_deadline(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    _body(chat)
    out = _say(chat, "uppdrag ny skolchef: slutligt förslag senast 31/10 återrapport till gemensamt möte 9/12 kl. 9")
    assert "✓" in out and "Observera" not in out, out
    assert "torsdag 9 december 2027 kl. 09:00" in out, out  # the reading is echoed
    with services.sessions() as session:
        row = session.scalars(select(Assignment)).one()
        assert row.due_on == date(2027, 10, 31)
        assert _local(row.report_at, services) == (date(2027, 12, 9), time(9))


def test_report_back_before_the_deadline_is_kept_with_a_warning(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    _body(chat)
    out = _say(chat, "uppdrag ny skolchef: enkät senast 2027-03-01 återrapport till 2027-02-15 kl. 9")
    assert out.startswith("! ") and "Observera: återrapporteringen" in out and "före sista dagen" in out, out
    with services.sessions() as session:
        assert session.scalars(select(Assignment)).one().due_on == date(2027, 3, 1)  # kept, as decided


def test_deadline_moved_after_its_report_back_meeting_is_flagged(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    _body(chat)
    assert "✓" in _say(chat, "mote ny 2026-12-18 kl. 9:00")
    created = _say(chat, "uppdrag ny skolchef: lägesrapport senast 2026-12-10 återrapport till 18/12 kl. 9")
    assert "✓" in created and "Observera" not in created, created
    with services.sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        assert session.scalars(select(Assignment)).one().report_to_meeting_id == meeting.id
    for moved, weekday in (("2026-12-20", "söndag 20 december 2026"), ("2026-12-21", "måndag 21 december 2026")):
        out = _say(chat, f"uppdrag flytta 1 {moved} eftersom underlaget är försenat")
        assert out.startswith("! ") and "Observera: den nya sista dagen" in out, out
        assert weekday in out and "fredag 18 december 2026 kl. 09:00" in out and "/uppdrag återrapport 1" in out, out
        with services.sessions() as session:
            assert session.scalars(select(Assignment)).one().due_on == date.fromisoformat(moved)
    before = _say(chat, "uppdrag flytta 1 2026-12-17 eftersom det gick fortare")
    assert before.startswith("✓") and "Observera" not in before, before


def test_report_back_is_moved_to_another_meeting_with_its_agenda_item(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    _body(chat)
    for line in ("mote ny 2026-12-18 kl. 9:00", "mote ny 2027-01-22 kl. 13:00",
                 "dagordning lägg till Budget 2027 möte 2026-12-18",
                 "uppdrag ny skolchef: lägesrapport senast 2026-12-10 återrapport till 18/12 kl. 9",
                 "uppdrag flytta 1 2027-01-08 eftersom underlaget är försenat"):
        assert "✗" not in _say(chat, line), line
    out = _say(chat, "uppdrag återrapport 1 till 2027-01-22")
    assert out.startswith("✓") and "Observera" not in out, out
    assert "fredag 22 januari 2027" in out and "Beredningsgruppen" in out, out
    with services.sessions() as session:
        old, new = session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
        assert [(i.position, i.title) for i in old.agenda] == [(1, "Budget 2027")]  # renumbered, item gone
        items = [i for i in new.agenda if i.kind == "återrapportering"]
        assert [i.title for i in items] == ["Återrapportering: lägesrapport"]
        row = session.scalars(select(Assignment)).one()
        assert row.report_to_meeting_id == new.id and items[0].source_assignment_id == row.id
        assert _local(row.report_at, services) == (date(2027, 1, 22), time(13))
    assert "Återrapportering: lägesrapport" in _say(chat, "dagordning 2027-01-22")
    assert "redan" in _say(chat, "uppdrag återrapport 1 till 2027-01-22")  # asking twice changes nothing
    with services.sessions() as session:
        assert len(session.scalars(select(AgendaItem).where(AgendaItem.kind == "återrapportering")).all()) == 1


def test_report_back_to_a_day_without_meeting_lands_when_the_meeting_is_created(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    _body(chat)
    assert "✗" not in _say(chat, "uppdrag ny skolchef: lägesrapport senast 2027-01-10")
    out = _say(chat, "uppdrag återrapport 1 till 2027-02-05 organ BG")
    assert out.startswith("✓") and "inget möte" in out, out
    assert "✓" in _say(chat, "mote ny 2027-02-05 kl. 10:00")
    assert "Återrapportering: lägesrapport" in _say(chat, "dagordning 2027-02-05")
    refused = _say(chat, "uppdrag återrapport 1 till 30/2")
    assert refused.startswith("✗") and "30 februari finns inte." in refused, refused


def test_aterrapport_is_a_registered_sub_command_with_help(chat) -> None:  # type: ignore[no-untyped-def]
    from handlers import registry

    assert "återrapport" in registry.find("uppdrag").subcommands
    assert "/uppdrag återrapport NR till MÖTESDATUM" in chat("hjälp uppdrag")
