"""Dates the bot cannot keep (30/2, kl. 24:00, år 9999): a precise Swedish answer and nothing stored.

Issue #15: «30/2» was answered «förstår inte», «kl. 24:00» was dropped without a word and a
year-9999 deadline ended in «Något gick fel». Every command that takes a date goes through the
date parser, so each of them is asked here, through the terminal chat.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from storage.models import AgendaItem, Assignment, Meeting, Paragraph

SECRETARY = "Kristina Kamsten"
REF = date(2022, 3, 15)

NO_SUCH_DAY = "30 februari finns inte."
MIDNIGHT = "Klockan 24:00 finns inte – skriv kl. 23:59 eller 00:00 dagen efter"
TOO_FAR = "År 9999 ligger för långt fram"


@pytest.mark.parametrize(
    ("text", "message"),
    [("30/2", NO_SUCH_DAY), ("30 februari", NO_SUCH_DAY), ("2023-02-30", NO_SUCH_DAY),
     ("29/2 2023", "29 februari 2023 finns inte – 2023 är inget skottår."), ("31/4", "31 april finns inte."),
     ("2022-13-01", "Månad 13 finns inte"), ("2022-05-02 kl. 24:00", MIDNIGHT), ("8/4 kl. 24", MIDNIGHT),
     ("kl. 24:00", MIDNIGHT), ("2022-05-02 kl. 13:75", "Klockan 13:75 finns inte"),
     ("2022-05-02 kl. 13-25", "Klockan 25 finns inte"), ("senast 9999-12-31", TOO_FAR),
     ("0001-01-01", "År 1 ligger för långt bak i tiden")],
)  # fmt: skip
def test_parser_says_why_a_date_cannot_be_kept(text: str, message: str) -> None:
    from handlers.errors import UserError
    from handlers.parsing.dates import DateNotKept, parse_when

    with pytest.raises(DateNotKept) as raised:
        parse_when(text, reference=REF)
    assert isinstance(raised.value, UserError)  # shown to the user by the dispatcher, transaction rolled back
    assert raised.value.message.startswith(message), raised.value.message


def test_running_text_of_an_import_skips_what_cannot_be_kept() -> None:
    from handlers.parsing.dates import DateNotKept, find_when

    text = "återkomma senast 30/2 och till mötet 8/4 kl. 24:00, slutligen 9999-12-31"
    found = find_when(text, reference=REF, strict=False)
    assert [(w.day, w.start) for w in found] == [(date(2022, 4, 8), None)]
    with pytest.raises(DateNotKept):
        find_when(text, reference=REF)


def _setup(chat) -> None:  # type: ignore[no-untyped-def]
    for line in ('samverkan organ ny "Styrgruppen" kort SG typ styrgrupp', "samverkan kanal Styrgruppen",
                 "mote ny 2022-04-20 kl. 9", "uppdrag ny skolchef: ta fram förslag senast 2022-04-15"):
        assert "✗" not in chat(line, user=SECRETARY, channel="sg"), line


def _counts(services) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (Meeting, Assignment, Paragraph, AgendaItem))


@pytest.mark.parametrize(
    ("line", "message"),
    [("mote ny 30/2", NO_SUCH_DAY), ("mote ny 2022-05-02 kl. 24:00", MIDNIGHT), ("mote ny 9999-12-31", TOO_FAR),
     ("uppdrag ny skolchef: ringa skolan senast 30/2", NO_SUCH_DAY),
     ("uppdrag ny skolchef: ringa skolan senast 2022-05-02 kl. 24:00", MIDNIGHT),
     ("uppdrag ny skolchef: ringa skolan senast 9999-12-31", TOO_FAR),
     ("uppdrag flytta 1 till 30/2 eftersom underlaget dröjer", NO_SUCH_DAY),
     ("uppdrag flytta 1 till 2022-05-02 kl. 24:00 eftersom underlaget dröjer", MIDNIGHT),
     ("uppdrag flytta 1 till 9999-12-31 eftersom underlaget dröjer", TOO_FAR),
     ("beslut registrera § 3 Arbetsgrupp möte 30/2: att utse en arbetsgrupp", NO_SUCH_DAY),
     ("beslut registrera § 3 Arbetsgrupp möte 9999-12-31: att utse en arbetsgrupp", TOO_FAR),
     ("dagordning lägg till Skolfrånvaro möte 30/2", NO_SUCH_DAY),
     ("dagordning lägg till Skolfrånvaro möte 2022-04-20 kl. 24:00", MIDNIGHT),
     ("dagordning 30/2", NO_SUCH_DAY)],
)  # fmt: skip
def test_every_command_taking_a_date_answers_precisely_and_stores_nothing(chat, services, line: str,
                                                                           message: str) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    before = _counts(services)
    with services.sessions() as session:
        due_before = session.scalars(select(Assignment.due_on)).all()
    out = chat(line, user=SECRETARY, channel="sg")
    assert out.startswith("✗") and message in out, out
    assert "Något gick fel" not in out and "förstår inte" not in out
    assert _counts(services) == before
    with services.sessions() as session:
        assert session.scalars(select(Assignment.due_on)).all() == due_before


def test_a_time_of_day_that_exists_is_still_kept(chat, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    out = chat("mote ny 2022-05-02 kl. 23:59", user=SECRETARY, channel="sg")
    assert "✓" in out and "kl. 23:59" in out, out
    refused = chat("mote ny 2022-05-03 kl. 24:00", user=SECRETARY, channel="sg")
    assert MIDNIGHT in refused, refused
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 2
