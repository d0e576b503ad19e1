"""Swedish date expressions: protocol spellings, chat phrases, and what must not be a date."""

from __future__ import annotations

import contextlib
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.parsing.dates import (
    DateNotKept,
    ParsedWhen,
    find_when,
    format_date_sv,
    format_when_sv,
    parse_when,
)

REF = date(2022, 3, 15)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "day", "start", "end", "explicit_year"),
    [
        ("2022-10-31", date(2022, 10, 31), None, None, True),
        ("31/10", date(2022, 10, 31), None, None, False),
        ("31/10 2022", date(2022, 10, 31), None, None, True),
        ("31/10-22", date(2022, 10, 31), None, None, True),
        ("31 oktober", date(2022, 10, 31), None, None, False),
        ("den 31 oktober 2022", date(2022, 10, 31), None, None, True),
        ("31 okt.", date(2022, 10, 31), None, None, False),
        ("senast 31/10", date(2022, 10, 31), None, None, False),
        ("8/4 kl. 9", date(2022, 4, 8), time(9), None, False),
        ("8/4 kl 9.30", date(2022, 4, 8), time(9, 30), None, False),
        ("8/4 kl.", date(2022, 4, 8), None, None, False),
        ("kl. 13:00-14:30", REF, time(13), time(14, 30), False),
        ("2022-03-30 kl. 13:00-14:30", date(2022, 3, 30), time(13), time(14, 30), True),
        ("2022-04-04 13:00", date(2022, 4, 4), time(13), None, True),
        ("fredag den 8 april 2022 klockan 10", date(2022, 4, 8), time(10), None, True),
        ("idag", REF, None, None, False),
        ("i dag", REF, None, None, False),
        ("imorgon kl 8", date(2022, 3, 16), time(8), None, False),
        ("i morgon", date(2022, 3, 16), None, None, False),
        ("om två veckor", date(2022, 3, 29), None, None, False),
        ("om 3 dagar", date(2022, 3, 18), None, None, False),
        ("om en månad", date(2022, 4, 15), None, None, False),
        ("på måndag", date(2022, 3, 21), None, None, False),
        ("tisdag", date(2022, 3, 22), None, None, False),  # today is Tuesday: the next one
        ("torsdag", date(2022, 3, 17), None, None, False),
        ("nästa tisdag", date(2022, 3, 22), None, None, False),
        ("nästa torsdag", date(2022, 3, 24), None, None, False),
        ("1/3", date(2023, 3, 1), None, None, False),  # already passed this year
        ("15/3", REF, None, None, False),  # on the reference day counts
        ("29/2", date(2024, 2, 29), None, None, False),
    ],
)
def test_parse_when(text: str, day: date, start: time | None, end: time | None, explicit_year: bool) -> None:
    when = parse_when(text, reference=REF)
    assert when is not None, text
    assert (when.day, when.start, when.end, when.explicit_year) == (day, start, end, explicit_year)


def test_month_arithmetic_clamps_to_month_end() -> None:
    when = parse_when("om en månad", reference=date(2022, 1, 31))
    assert when is not None and when.day == date(2022, 2, 28)


@pytest.mark.parametrize(
    "text",
    ["UTB 22/30", "SN/2022:61", "§ 19", "", "hej", "möte 31/10", "8/4 och 9/4", "varje måndag"],
)  # fmt: skip
def test_parse_when_rejects(text: str) -> None:
    assert parse_when(text, reference=REF) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [("31/2", "31 februari finns inte."), ("2022-13-01", "Månad 13 finns inte"),
     ("2022-02-30", "30 februari finns inte."), ("kl. 25", "Klockan 25 finns inte")],
)  # fmt: skip
def test_parse_when_names_what_cannot_be_kept(text: str, message: str) -> None:
    with pytest.raises(DateNotKept) as raised:
        parse_when(text, reference=REF)
    assert raised.value.message.startswith(message)


def test_relative_past_calendar_end_is_rejected() -> None:
    assert parse_when("om 3 dagar", reference=date.max) is None
    assert parse_when("31/12", reference=date.max) == ParsedWhen(
        day=date.max, start=None, end=None, span=(0, 5), explicit_year=False
    )


def test_span_points_at_the_expression() -> None:
    text = "senast 31/10 kl. 9"
    when = parse_when(text, reference=REF)
    assert when is not None and text[when.span[0] : when.span[1]] == "31/10 kl. 9"


def test_find_in_att_clause() -> None:
    text = (
        "återkomma med ett välförankrat tjänstepersonsförslag till politisk struktur senast 1/5 som vidare ska "
        "fattas beslut om på ett gemensamt möte (skola, socialtjänst och region) 3/6 kl. 9"
    )
    found = find_when(text, reference=REF)
    assert [(w.day, w.start) for w in found] == [(date(2022, 5, 1), None), (date(2022, 6, 3), time(9))]
    assert [text[w.span[0] : w.span[1]] for w in found] == ["1/5", "3/6 kl. 9"]


def test_find_skips_dnr_paragraphs_and_amounts() -> None:
    text = "Ärende UTB 22/30 och SN/2022:61, § 19, 157 miljoner, läsåren 2018/2019, ca 69%, 2-4st"
    assert find_when(text, reference=REF) == []


def test_find_dangling_kl_has_no_time() -> None:
    found = find_when("till ett gemensamt möte (region, skola och socialtjänst) 8/4 kl.\n\n\n", reference=REF)
    assert [(w.day, w.start) for w in found] == [(date(2022, 4, 8), None)]
    assert found[0].span[1] == found[0].span[0] + len("8/4 kl.")


def test_find_on_seed_002_style_lines() -> None:
    text = "Nästa möte: 2024-10-24--25. Politikerkonferens 27-28 februari 2025. Dialog den 15/11. Trelleborg den 18/5-18"
    days = [w.day for w in find_when(text, reference=date(2024, 9, 20))]
    assert days == [date(2024, 10, 24), date(2025, 2, 27), date(2024, 11, 15), date(2018, 5, 18)]


def test_find_weekday_needs_a_marker_in_running_text() -> None:
    assert find_when("vi ses varje måndag", reference=REF) == []
    assert [w.day for w in find_when("vi ses på måndag", reference=REF)] == [date(2022, 3, 21)]
    found = find_when("på tisdag 8/4 kl 10", reference=REF)
    assert [(w.day, w.start, w.kind) for w in found] == [(date(2022, 4, 8), time(10), "date")]


def test_find_standalone_time_uses_reference_day() -> None:
    found = find_when("Digitalt möte kl. 13:00-14:30", reference=REF)
    assert [(w.day, w.start, w.end, w.kind) for w in found] == [(REF, time(13), time(14, 30), "time")]


def test_format() -> None:
    assert format_date_sv(date(2022, 10, 31)) == "31 oktober 2022"
    when = parse_when("8/4 kl. 9", reference=REF)
    assert when is not None and format_when_sv(when) == "fredag 8 april 2022 kl. 09:00"
    ranged = ParsedWhen(
        day=date(2022, 3, 30), start=time(13), end=time(14, 30), span=(0, 0), explicit_year=True
    )
    assert format_when_sv(ranged) == "onsdag 30 mars 2022 kl. 13:00–14:30"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.dates(
    min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))  # fmt: skip
def test_day_month_is_next_occurrence(target: date, reference: date) -> None:
    when = parse_when(f"{target.day}/{target.month}", reference=reference)
    assert when is not None
    assert when.day >= reference and (when.day.day, when.day.month) == (target.day, target.month)
    assert when.day - reference < timedelta(days=366 * 8 + 1)
    iso = parse_when(target.isoformat(), reference=reference)
    assert iso is not None and iso.day == target and iso.explicit_year


@given(st.text(), st.dates())
def test_never_raises(text: str, reference: date) -> None:
    with contextlib.suppress(DateNotKept):  # the one error meant for the user: 30/2, kl. 24:00
        parse_when(text, reference=reference)
    previous_end = 0
    for when in find_when(text, reference=reference, strict=False):
        assert previous_end <= when.span[0] < when.span[1] <= len(text)
        previous_end = when.span[1]


@given(st.lists(st.sampled_from(["UTB 22/30", "SN/2022:61", "§ 19", "KS 2023/145", " och ", "137 kr", ", "])))
def test_dnr_and_paragraphs_are_never_dates(parts: list[str]) -> None:
    assert find_when(" ".join(parts), reference=REF) == []
