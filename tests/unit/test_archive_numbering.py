"""Every numbering scheme keeps every §: per year, per meeting, continuous, number/year, prefixed.

Files go through ``import_file`` (the path of ``samverkan import``) into the terminal tenant; the
stored rows are then read back. The unique key follows the scheme (0011): a number that restarts
in another meeting is a § of that meeting, never «finns redan» and never lost.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.console import CONSOLE_TENANT
from handlers.archive.batch import import_file
from handlers.numbering import next_number
from storage.models import Body, Paragraph


def _protocol(body: str, day: str, items: list[str]) -> str:
    return f"Protokoll {body} {day}\n\nPlats och tid: Kommunhuset\n\n" + "\n\n".join(
        f"{label}\n\nBeslut\n\natt notera informationen om punkten" for label in items) + "\n"


def _import(services, tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_file(services, tenant=CONSOLE_TENANT, path=path, source_name=name)


def _stored(services, body: str) -> list[tuple[int, int | None, str]]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        rows = session.execute(select(Paragraph.year, Paragraph.number, Paragraph.number_scope).join(Body).where(
            Body.name == body).order_by(Paragraph.id))
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_numbering_per_year_runs_through_the_meetings(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import(services, tmp_path, "a.txt", _protocol("Socialnämnden", "2023-03-01", ["§ 1 Öppnande", "§ 2 Budget"]))
    _import(services, tmp_path, "b.txt", _protocol("Socialnämnden", "2023-04-05", ["§ 3 Öppnande", "§ 4 Lokaler"]))
    assert _stored(services, "Socialnämnden") == [(2023, 1, ""), (2023, 2, ""), (2023, 3, ""), (2023, 4, "")]


def test_numbering_that_restarts_every_meeting_keeps_both_meetings(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = _import(services, tmp_path, "a.txt", _protocol("Styrgruppen", "2023-03-01", ["§ 1 Öppnande", "§ 2 Budget"]))
    second = _import(services, tmp_path, "b.txt",
                     _protocol("Styrgruppen", "2023-04-05", ["§ 1 Öppnande", "§ 2 Lokaler"]))
    assert first.paragraphs == second.paragraphs == 2
    assert not any("finns redan" in w and "har inte ändrats" in w for w in second.warnings)
    assert _stored(services, "Styrgruppen") == [
        (2023, 1, ""), (2023, 2, ""), (2023, 1, "möte 2023-04-05"), (2023, 2, "möte 2023-04-05")]


def test_items_numbered_per_meeting_keep_their_numbers_in_the_meetings_run(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name, day in (("a.txt", "2023-08-30"), ("b.txt", "2023-10-25")):
        _import(services, tmp_path, name, _protocol("Barn- och utbildningsnämnden", day,
                                                    ["1 Informationsärende", "2 Månadsrapport", "3 Tillsyn"]))
    stored = _stored(services, "Barn- och utbildningsnämnden")
    assert [(n, run) for _, n, run in stored] == [(n, f"möte {day}") for day in ("2023-08-30", "2023-10-25")
                                                 for n in (1, 2, 3)]


def test_the_same_meeting_imported_from_a_second_copy_is_not_doubled(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = _protocol("Styrgruppen", "2023-03-01", ["§ 1 Öppnande", "§ 2 Budget"])
    _import(services, tmp_path, "a.txt", text)
    copy = _import(services, tmp_path, "b.txt", text.replace("Budget", "Budget (kopia)"))
    assert copy.status == "imported" and copy.paragraphs == 0
    assert len(_stored(services, "Styrgruppen")) == 2


def test_continuous_numbering_across_years(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import(services, tmp_path, "a.txt", _protocol("Kommunstyrelsen", "2014-12-10", ["§ 805 Budget", "§ 806 Val"]))
    _import(services, tmp_path, "b.txt", _protocol("Kommunstyrelsen", "2015-01-20", ["§ 807 Öppnande", "§ 808 Taxa"]))
    assert _stored(services, "Kommunstyrelsen") == [(2014, 805, ""), (2014, 806, ""), (2015, 807, ""), (2015, 808, "")]


def test_number_and_year_written_together(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # No meeting day and no dnr: the year after the slash is the only year there is.
    text = ("Protokoll kommunstyrelsens arbetsutskott\n\nNärvarande: Anna Berg\n\n§ 73/10 Budget\n\nBeslut\n\n"
            "att godkänna budgeten\n\n§ 74/10 Lokaler\n\nBeslut\n\natt godkänna lokalplanen\n")
    _import(services, tmp_path, "a.txt", text)
    with services.sessions() as session:
        rows = session.execute(select(Paragraph.year, Paragraph.number).order_by(Paragraph.id)).all()
    assert [tuple(r) for r in rows] == [(2010, 73), (2010, 74)]


def test_number_and_two_digit_year_with_a_meeting_day(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import(services, tmp_path, "a.txt", _protocol("Socialnämndens arbetsutskott", "2021-02-03",
                                                   ["§ 2/21 Öppnande", "§ 3/21 Budget"]))
    assert _stored(services, "Socialnämndens arbetsutskott") == [(2021, 2, ""), (2021, 3, "")]


def test_prefixed_labels_keep_number_and_prefix(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import(services, tmp_path, "a.txt", _protocol("Omsorgsnämndens arbetsutskott", "2022-05-04",
                                                   ["ONAU § 1 Öppnande", "ONAU § 2 Budget"]))
    _import(services, tmp_path, "b.txt", _protocol("Kommunstyrelsen", "2018-09-11", ["Ks § 12 Motion"]))
    with services.sessions() as session:
        rows = session.execute(select(Paragraph.number, Paragraph.extra).order_by(Paragraph.id)).all()
    assert [(n, extra.get("prefix_written")) for n, extra in rows] == [(1, "ONAU"), (2, "ONAU"), (12, "Ks")]


def test_chat_numbering_ignores_numbers_of_a_meetings_run(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import(services, tmp_path, "a.txt", _protocol("Barn- och utbildningsnämnden", "2023-08-30",
                                                   ["1 Informationsärende", "2 Månadsrapport", "3 Tillsyn"]))
    with services.sessions() as session:
        body = session.scalars(select(Body).where(Body.name == "Barn- och utbildningsnämnden")).one()
        assert next_number(session, tenant_id=body.tenant_id, body=body, year=2023) == 1
