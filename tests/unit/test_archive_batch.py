"""The batch path of the archive import: parse workers, the run's memo, and replacing a chat §.

``samverkan import`` of many files goes through ``import_files``, which parses in worker processes
and remembers committed case ids and dictionary words between files. These tests hold it to the
same outcome as importing file by file, and make sure a rolled-back file leaves nothing in the memo.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.console import CONSOLE_TENANT
from handlers.archive import batch
from handlers.archive.batch import collect_files, import_files, source_name_for, write_parsed
from handlers.archive.memo import ImportMemo
from handlers.archive.protocol_parser import parse_document
from storage.models import Assignment, Case, Clause, Paragraph, SourceDocument

PROTOCOL = """Mötesdatum
2023-05-10

Kulturnämnden

Plats och tid\tStadshuset kl. 13:00-15:00
Beslutande ledamöter\tAnna Arvidson (S) Per Nilsson (M)
Utses att justera\tPer Nilsson
Justeringens plats och tid\tStadshuset 2023-05-15 10:00
Protokollet omfattar\t§7

§7

Bibliotekets öppettider (KN 23/12)**Beslut**

Kulturnämnden beslutar att

1. ge kulturchefen i uppdrag att utreda öppettiderna till den 1/9.
"""


def named(folder: Path) -> list[tuple[Path, str]]:
    return [(path, source_name_for(path, roots=[folder])) for path in collect_files([folder])]


def counts(services) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return {model.__tablename__: session.scalar(select(func.count(model.id))) or 0
                for model in (Paragraph, Clause, Assignment, Case, SourceDocument)}


def test_pool_import_equals_file_by_file(services, seeds_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(batch, "POOL_MIN_FILES", 1)
    results = list(import_files(services, tenant=CONSOLE_TENANT, files=named(seeds_dir), workers=2))
    assert [r.status for r in results] == ["imported"] * 5
    totals = [sum(getattr(r, f) for r in results) for f in ("meetings", "paragraphs", "assignments", "agreements")]
    assert totals == [2, 14, 14, 1]  # what the CLI test expects of a file-by-file import
    before = counts(services)
    again = list(import_files(services, tenant=CONSOLE_TENANT, files=named(seeds_dir), workers=2))
    assert {r.status for r in again} == {"unchanged"}
    assert counts(services) == before


def test_rolled_back_file_leaves_nothing_in_the_memo(services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import handlers.recording as recording

    parsed = parse_document(PROTOCOL, source_name="kn.txt")
    memo = ImportMemo()

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(recording, "index_documents", broken)
        failed = write_parsed(services, tenant=CONSOLE_TENANT, parsed=parsed, memo=memo)
    assert failed.status == "failed"
    assert memo.cases == {} and memo.words == set()
    assert counts(services)["case_file"] == 0

    done = write_parsed(services, tenant=CONSOLE_TENANT, parsed=parsed, memo=memo)
    assert (done.status, done.paragraphs, done.assignments) == ("imported", 1, 1)
    with services.sessions() as session:
        case = session.scalars(select(Case)).one()
        assert memo.cases == {case.dnr_key: (case.id, "KN 23/12", True)}
        assert session.scalars(select(Paragraph.case_id)).one() == case.id
    assert "bibliotekets" in memo.words


def test_protocol_replaces_a_paragraph_recorded_in_chat(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from handlers.archive.import_meeting import find_or_create_body
    from handlers.recording import ParagraphData, store_paragraph

    with services.sessions() as session:
        tenant_id = batch.tenant_for(session, ref=CONSOLE_TENANT).id
        body = find_or_create_body(session, tenant_id=tenant_id, name="Kulturnämnden")
        chat = store_paragraph(session, tenant_id=tenant_id, body=body, meeting=None, zone=services.zone,
                               data=ParagraphData(title="Utkast", year=2023, number=7, clauses=["notera"]),
                               reference=services.clock().date())
        assert chat.id is not None and chat.case is None
        session.commit()
    (tmp_path / "kn.txt").write_text(PROTOCOL, encoding="utf-8")
    (result,) = import_files(services, tenant=CONSOLE_TENANT, files=named(tmp_path))
    assert (result.status, result.paragraphs) == ("imported", 1)
    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert (paragraph.title, paragraph.number, paragraph.locked) == ("Bibliotekets öppettider", 7, True)
        assert [c.text for c in paragraph.clauses] == [
            "ge kulturchefen i uppdrag att utreda öppettiderna till den 1/9."]
        assert paragraph.case is not None and paragraph.case.dnr_written == "KN 23/12"


@pytest.mark.parametrize("title", ["Bibliotek (KN 23/12)", "Bibliotek, KN 23/12", "Bibliotek KN 23/12 x"])
def test_title_loses_its_dnr(title: str) -> None:
    from handlers.archive.paragraph import _dnr_from_title

    dnr, cleaned = _dnr_from_title(title)
    assert dnr is not None and dnr.written == "KN 23/12"
    assert cleaned == {"Bibliotek (KN 23/12)": "Bibliotek", "Bibliotek, KN 23/12": "Bibliotek",
                       "Bibliotek KN 23/12 x": "Bibliotek x"}[title]
