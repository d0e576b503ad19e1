"""Acceptance of the archive import: the five seeds written into the database, exactly.

Imports go through ``import_file`` (read → parse → store_paragraph) into the terminal chat's
tenant, and the lookups are then made in that chat by someone who is in no imported body.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.console import CONSOLE_TENANT, invocation_for
from handlers.archive.batch import collect_files, import_file, source_name_for
from handlers.archive.importer import ImportResult
from handlers.archive.upload import MAX_UPLOAD_BYTES, import_upload
from handlers.scope import resolve_scope
from storage.models import (
    Adjustment,
    Agreement,
    Assignment,
    Attendance,
    Body,
    Case,
    Clause,
    Meeting,
    Membership,
    Paragraph,
    SourceDocument,
)
from storage.search import search_paragraphs

TABLES = (Adjustment, Agreement, Assignment, Attendance, Body, Case, Clause, Meeting, Membership, Paragraph,
          SourceDocument)
VISITOR = "Besökare Utan Uppdrag"


def import_all(services, folder: Path) -> dict[str, ImportResult]:  # type: ignore[no-untyped-def]
    results = {}
    for path in collect_files([folder]):
        result = import_file(services, tenant=CONSOLE_TENANT, path=path, source_name=source_name_for(path, roots=[folder]))
        results[path.name[:3]] = result
    return results


def snapshot(services) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return {model.__tablename__: sorted(session.scalars(select(model.id))) for model in TABLES}


def paragraph(session, *, number: int | None, body: str) -> Paragraph:  # type: ignore[no-untyped-def]
    return session.scalars(select(Paragraph).join(Body).where(Paragraph.number == number, Body.name == body)).one()


@pytest.fixture
def imported(services, seeds_dir):  # type: ignore[no-untyped-def]
    results = import_all(services, seeds_dir)
    assert {k: r.status for k, r in results.items()} == dict.fromkeys(("000", "001", "002", "003", "004"), "imported")
    return results


def test_seed_000_meeting_paragraph_and_justering(services, imported) -> None:  # type: ignore[no-untyped-def]
    zone = services.zone
    with services.sessions() as session:
        p19 = paragraph(session, number=19, body="Utbildningsnämndens arbetsutskott")
        assert (p19.year, p19.title, p19.case.dnr_written, p19.case.dnr_key) == (
            2022, "Ny samverkansmodell i länet", "UTB 22/30", "UTB:2022:30")
        assert len(p19.clauses) == 2 and p19.clauses[1].text.startswith("åiterrapportering")
        assert p19.body.kind == "arbetsutskott" and p19.locked
        meeting = p19.meeting
        assert meeting.starts_at.astimezone(zone).replace(tzinfo=None) == datetime(2022, 3, 30, 13, 0)
        assert meeting.ends_at.astimezone(zone).time() == time(14, 30)
        assert (meeting.place, meeting.state, meeting.chair_name, meeting.secretary_name) == (
            "Digitalt möte", "justerat", "Mikael Johansson", "Kristina Kamsten")
        assert (meeting.posted_on, meeting.taken_down_on, meeting.storage_place) == (
            date(2022, 4, 5), date(2022, 4, 5), "Centralarkivet Ånge")
        assert [(a.name, a.state) for a in meeting.adjustments] == [("Lina Lindman", "justerad")]
        assert meeting.adjustments[0].decided_at.astimezone(zone).date() == date(2022, 4, 4)
        assert meeting.adjusted_at.astimezone(zone).replace(tzinfo=None) == datetime(2022, 4, 4, 13, 0)
        kinds = [a.kind for a in meeting.attendance]
        assert (kinds.count("beslutande"), kinds.count("övrig"), kinds.count("frånvarande")) == (3, 4, 0)
    assert imported["000"].assignments == 2


def test_seed_001_socialnamnden_paragraph_14(services, imported) -> None:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        p14 = paragraph(session, number=14, body="Socialnämnden")
        assert (p14.year, p14.case.dnr_written, p14.meeting) == (2022, "SN/2022:61", None)
        assert [c.text[:30] for c in p14.clauses] == ["Inriktning för fortsatt samarb", "Uppdra till förvaltningschef a"]
        assert p14.body.kind == "nämnd"
    assert any("datum" in w for w in imported["001"].warnings)


def test_seed_002_paragraphs_100_to_110_with_decisions(services, imported) -> None:  # type: ignore[no-untyped-def]
    body = "Skol- och utbildningschefer"
    with services.sessions() as session:
        rows = session.scalars(select(Paragraph).join(Body).where(Body.name == body).order_by(Paragraph.number)).all()
        assert [p.number for p in rows] == list(range(100, 111))
        assert {p.meeting.starts_at.astimezone(services.zone).date() for p in rows} == {date(2024, 9, 20)}
        assert [c.text for c in paragraph(session, number=102, body=body).clauses] == [
            "Lägga förra mötets protokoll till handlingarna."]
        p105 = paragraph(session, number=105, body=body)
        assert p105.title == "Statsbidrag regionalt yrkesvux 2025"
        assert len(p105.clauses) == 2
        assert p105.clauses[0].text.startswith("Skolchefsgruppen beslutar medfinansiering enligt bilaga.")
        assert p105.clauses[1].text.startswith("Yrkesbyråns ledningsgrupp tillsammans med ekonominätverket")
        meeting = p105.meeting
        assert (meeting.next_meeting_text, meeting.place, meeting.state) == ("2024-10-24--25", "Regionens Hus",
                                                                            "genomfört")
        assert [(a.name, a.state) for a in meeting.adjustments] == [("Catarina Higgins", "väntar")]
        assert sum(a.kind == "frånvarande" for a in meeting.attendance) == 5
        assert not any(p.locked for p in rows)
    assert imported["002"].paragraphs == 11


def test_seed_003_proposal_with_deadlines(services, imported) -> None:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        proposal = paragraph(session, number=None, body="Importerade förslag")
        assert proposal.title == "Förslag till beslut om fortsatt arbete med samverkansmodellen"
        assert proposal.extra["document_title"] == "Ny samverkansmodell"
        assert len(proposal.clauses) == 12 and proposal.meeting is None
        rows = session.scalars(select(Assignment).where(Assignment.paragraph_id == proposal.id)).all()
    moments = {row.due_on for row in rows if row.due_on}
    assert moments == {date(2022, 4, 8), date(2022, 5, 1), date(2022, 9, 23), date(2022, 10, 31)}
    reports = {(r.report_at.astimezone(services.zone).date(), r.report_to_text) for r in rows if r.report_at}
    assert (date(2022, 6, 3), "gemensamt möte (skola, socialtjänst och region)") in reports
    assert (date(2022, 12, 9), "gemensamt möte (skola, socialtjänst och region)") in reports
    assert {r.assignee_name for r in rows} == {"skolcheferna", "beredningsgruppen"}
    assert imported["003"].assignments == len(rows) == 10


def test_seed_004_agreement_without_paragraphs(services, imported) -> None:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        agreement = session.scalars(select(Agreement)).one()
        assert agreement.parties == ["Bildningsförvaltningen", "Socialförvaltningen"]
        assert (agreement.meetings_per_year, agreement.signed_on) == (6, date(2018, 5, 18))
        body = session.get(Body, agreement.body_id)
        assert (body.kind, body.settings) == ("styrgrupp", {"meetings_per_year": 6})
        seats = session.scalars(select(Membership).where(Membership.body_id == body.id)).all()
        assert [m.function for m in seats] == agreement.member_functions and len(seats) == 6
        assert all(m.person_id is None for m in seats)
        source = session.get(SourceDocument, imported["004"].source_document_id)
        assert session.scalar(select(func.count()).where(Paragraph.source_document_id == source.id)) == 0
        assert session.scalar(select(func.count(Paragraph.id))) == 14


def test_reimport_changes_nothing(services, imported, seeds_dir) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(services)
    again = import_all(services, seeds_dir)
    assert {r.status for r in again.values()} == {"unchanged"}
    assert snapshot(services) == before


def test_changed_file_replaces_its_rows(services, seeds_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "arkiv"
    folder.mkdir()
    for prefix in ("000", "004"):
        shutil.copy(next(seeds_dir.glob(f"{prefix}_*.txt")), folder)
    assert {r.status for r in import_all(services, folder).values()} == {"imported"}
    before = snapshot(services)
    target = next(folder.glob("000_*.txt"))
    target.write_text(target.read_text(encoding="utf-8").replace("Ny samverkansmodell i länet",
                                                                 "Ny samverkansmodell i regionen"), encoding="utf-8")
    results = import_all(services, folder)
    assert (results["000"].status, results["004"].status) == ("updated", "unchanged")
    after = snapshot(services)
    assert {t: len(ids) for t, ids in after.items()} == {t: len(ids) for t, ids in before.items()}
    assert after["agreement"] == before["agreement"] and after["membership"] == before["membership"]
    with services.sessions() as session:
        assert session.scalars(select(Paragraph.title)).one() == "Ny samverkansmodell i regionen"
        tenant_id = session.scalars(select(Paragraph.tenant_id)).one()
        assert search_paragraphs(session, tenant_id=tenant_id, query="regionen", limit=3)
        assert not search_paragraphs(session, tenant_id=tenant_id, query="länet", limit=3)


@pytest.mark.parametrize(("query", "expected"), [
    ("/beslut UTB 22/30", ("§ 19 Ny samverkansmodell i länet", "UTB 22/30", "åiterrapportering", "2022-03-30")),
    ("/beslut SN/2022:61", ("§ 14 Samverkansorganisation -information", "Socialnämnden", "Uppdra till förvaltningschef")),
    ("/beslut § 105", ("§ 105 Statsbidrag regionalt yrkesvux 2025", "2024-09-20", "balanskontot minskas")),
    ("/beslut yrkesvux", ("§ 105 Statsbidrag regionalt yrkesvux 2025", "Skol- och utbildningschefer")),
    ("/beslut samverkansmodel lanet", ("  § 19 – Utbildningsnämndens arbetsutskott – 2022-03-30 – Ny samverkansmodell i länet",)),
])
def test_lookups_in_terminal_chat_after_import(chat, imported, query, expected) -> None:  # type: ignore[no-untyped-def]
    out = chat(query, user=VISITOR, channel="allmänt")
    for part in expected:
        assert part in out, (query, out)


def test_broken_file_fails_alone(services, seeds_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(next(seeds_dir.glob("000_*.txt")), tmp_path)
    (tmp_path / "trasig.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (tmp_path / "tom.txt").write_text("   \n", encoding="utf-8")
    results = import_all(services, tmp_path)
    assert results["000"].status == "imported"
    assert results["tra"].status == "failed" and "PDF-filen trasig.pdf" in results["tra"].error
    assert results["tom"].status == "failed" and "tom" in results["tom"].error


def test_upload_from_chat_only_for_secretaries(services, chat, seeds_dir) -> None:  # type: ignore[no-untyped-def]
    content = next(seeds_dir.glob("000_*.txt")).read_bytes()
    chat('samverkan organ ny "Utbildningsnämndens arbetsutskott"', user="Kristina Kamsten")

    def upload(user: str, data: bytes, name: str = "protokoll 2022-03-30.txt") -> str:
        with services.sessions() as session:
            scope = resolve_scope(session, invocation_for("beslut", user=user, channel="utb-au"))
            reply = import_upload(session, scope=scope, filename=name, content=data, services=services)
            session.commit()
        return f"{reply.title} {reply.text} {reply.facts} {reply.sections}"

    assert "Bara sekreterare eller ordförande" in upload(VISITOR, content)
    assert "för stor" in upload("Kristina Kamsten", b"x" * (MAX_UPLOAD_BYTES + 1))
    first = upload("Kristina Kamsten", content)
    assert "importerad" in first and "Fact(label='Paragrafer', value='1')" in first
    assert "redan importerad" in upload("Kristina Kamsten", content)
    assert "kunde inte importeras" in upload("Kristina Kamsten", b"data", name="bild.png")
    with services.sessions() as session:
        assert session.scalar(select(func.count(Paragraph.id))) == 1
        assert session.scalars(select(SourceDocument.source_name)).one() == "uppladdad/protokoll 2022-03-30.txt"


def test_historic_imported_assignments_are_archived_and_never_reminded(services, imported) -> None:  # type: ignore[no-untyped-def]
    from schedules.calendar import STOCKHOLM
    from schedules.planning_pass import collect_plan

    with services.sessions() as session:
        statuses = set(session.scalars(select(Assignment.status).where(Assignment.due_on.is_not(None))))
        assert statuses == {"archived"}  # every dated deadline of the seeds lies years back
        tenant_id = session.scalar(select(Assignment.tenant_id).limit(1))
        now = datetime.now(STOCKHOLM)
        plan = collect_plan(session=session, tenant_id=tenant_id, now=now, horizon=now.replace(year=now.year + 1),
                            changed_since=None)
        assert not [e for e in plan.entries if e.reminder.subject_type == "assignment"]
    assert "arkiverat" in invocation_reply(services, "uppdrag lista Importerade förslag")


def invocation_reply(services, line: str) -> str:  # type: ignore[no-untyped-def]
    from bot.render_text import render_text
    from handlers.dispatch import dispatch

    return render_text(dispatch(invocation_for(line, user="Arkivarie", channel="arkiv"), services=services))


def test_an_undated_text_is_shown_as_undated_not_under_the_import_year(services, chat, imported) -> None:  # type: ignore[no-untyped-def]
    """Seed 003 (a förslag) names no meeting day, no dnr and no year: it is filed in the import year only
    as a storage slot, and a reader must never see that year as if the text were from it (seen in the
    Agents Playground run: «Utan § – Importerade förslag – 2026 – …»)."""
    import_year = str(services.clock().year)
    out = chat("/beslut samverkansmodellen", user=VISITOR, channel="allmänt")
    lines = [line for line in out.splitlines() if "Importerade förslag" in line]
    assert lines, out
    assert all("odaterat" in line and f" {import_year} " not in line for line in lines), lines
    # A text whose year the file does tell keeps it (seed 001: dnr SN/2022:61, no meeting day).
    assert "§ 14 – Socialnämnden – 2022 –" in chat("/beslut samverkan", user=VISITOR, channel="allmänt")
