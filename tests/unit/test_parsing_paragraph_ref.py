"""§ references in lookups: number, optional year or meeting day, and ranges."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.parsing.paragraph_ref import ParagraphRef, parse_paragraph_range, parse_paragraph_ref


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("§ 19", ParagraphRef(number=19, year=None, day=None)),
        ("§19", ParagraphRef(number=19, year=None, day=None)),
        ("  paragraf 19 ", ParagraphRef(number=19, year=None, day=None)),
        ("Paragrafen 7", ParagraphRef(number=7, year=None, day=None)),
        ("§ 19 2022", ParagraphRef(number=19, year=2022, day=None)),
        ("§ 19, 2022", ParagraphRef(number=19, year=2022, day=None)),
        ("§ 19/2022", ParagraphRef(number=19, year=2022, day=None)),
        ("§ 19 år 2022", ParagraphRef(number=19, year=2022, day=None)),
        ("§ 19 2022-03-30", ParagraphRef(number=19, year=2022, day=date(2022, 3, 30))),
        ("§ 19 30 mars 2022", ParagraphRef(number=19, year=2022, day=date(2022, 3, 30))),
    ],
)
def test_parse_paragraph_ref(text: str, expected: ParagraphRef) -> None:
    assert parse_paragraph_ref(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "19",
        "§",
        "§ abc",
        "§ 19 abc",
        "§ 19 30/3",
        "§ 19 2022-02-31",
        "§ 2022-03-30",
        "UTB 22/30",
        "§§ 100-110",
    ],
)
def test_parse_paragraph_ref_rejects(text: str) -> None:
    assert parse_paragraph_ref(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("§§ 100–110", (100, 110)),
        ("§100-110", (100, 110)),
        ("§§ 100 - § 110", (100, 110)),
        ("§ 100 till 110", (100, 110)),
        ("§19", (19, 19)),
        ("paragraf 19", (19, 19)),
        ("§§ 110-100", None),
        ("100-110", None),
        ("§ 19 2022", None),
        ("", None),
    ],
)
def test_parse_paragraph_range(text: str, expected: tuple[int, int] | None) -> None:
    assert parse_paragraph_range(text) == expected


@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=9999))
def test_range_round_trip(a: int, b: int) -> None:
    assert parse_paragraph_range(f"§§ {a}–{b}") == ((a, b) if a <= b else None)
    assert parse_paragraph_ref(f"§{a}") == ParagraphRef(number=a, year=None, day=None)


@given(st.text())
def test_never_raises(text: str) -> None:
    parse_paragraph_ref(text)
    parse_paragraph_range(text)
