"""Decision texts into ordered att-clauses, for every list style the protocols use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.parsing.clauses import split_clauses, strip_att
from tests.conftest import seed_path


def _between(text: str, start: str, end: str | None = None) -> str:
    a = text.index(start)
    return text[a : text.index(end, a) if end else len(text)]


def test_numbered_list_from_seed_000(seeds_dir: Path) -> None:
    text = seed_path("000").read_text(encoding="utf-8")
    block = _between(text, "Utbildningsnämndens arbetsutskott föreslår utbildningsnämnden besluta att")
    assert split_clauses(block) == [
        "ge skolchef i uppdrag att i samarbete med SocialRekos beredningsgrupp arbeta vidare med förslag på "
        "samverkansmodell.",
        "åiterrapportering av ärendet ges fortlöpande till utbildningsnämnden.",
    ]


def test_numbered_and_bulleted_lists_with_wrapped_lines_from_seed_001(seeds_dir: Path) -> None:
    text = seed_path("001").read_text(encoding="utf-8")
    numbered = split_clauses(_between(text, "Socialnämnden beslutar:", "Ärendet"))
    bulleted = split_clauses(_between(text, "till: \nSocialnämnden beslutar:", "Övriga ledamöter"))
    assert numbered == bulleted
    assert len(numbered) == 2
    assert numbered[0].startswith("Inriktning för fortsatt samarbete") and numbered[0].endswith("samt äldre.")
    assert "politiskt övergripande" in numbered[0]  # the wrapped line is joined with one space
    assert numbered[1].startswith("Uppdra till förvaltningschef att")


def test_att_lines_from_seed_003_stop_at_next_heading(seeds_dir: Path) -> None:
    text = seed_path("003").read_text(encoding="utf-8")
    clauses = split_clauses(_between(text, "Förslag till skolan att ta vidare"))
    assert len(clauses) == 6
    assert clauses[0].startswith("inriktning för fortsatt arbete")
    assert (
        clauses[2]
        == "återkomma med en deluppföljning till ett gemensamt möte (region, skola och socialtjänst) 8/4 kl."
    )
    assert not any(c.lower().startswith("att ") for c in clauses)
    second = split_clauses(_between(text, "Förslag till socialtjänst och region att fatta"))
    assert len(second) == 6 and second[2].endswith("8/4 kl. 9")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   \n\n  ", []),
        ("att anta planen; att ge skolchef i uppdrag att utreda X", ["anta planen", "ge skolchef i uppdrag att utreda X"]),
        ("att anta planen, att uppdra till förvaltningschef att verkställa",
         ["anta planen", "uppdra till förvaltningschef att verkställa"]),
        ("att ge skolchef i uppdrag att utreda X att återrapportera senast 1/5",
         ["ge skolchef i uppdrag att utreda X", "återrapportera senast 1/5"]),
        ("att utreda möjligheten att samverka för att nå fler", ["utreda möjligheten att samverka för att nå fler"]),
        ("Att godkänna avtalet.", ["godkänna avtalet."]),
        ("- a\n- b\n  fortsätter", ["a", "b fortsätter"]),
        ("1) a\n2) b", ["a", "b"]),
        ("1. att a\n2. att b", ["a", "b"]),
        ("Mötet beslutar att:\n\nLägga förra mötets protokoll till handlingarna.",
         ["Lägga förra mötets protokoll till handlingarna."]),
        ("Nämnden beslutar\n\natt a\natt b\n\nSammanfattning\n\nLång bakgrund.", ["a", "b"]),
        ("Godkänna avtalet", ["Godkänna avtalet"]),
    ],
)  # fmt: skip
def test_split_forms(text: str, expected: list[str]) -> None:
    assert split_clauses(text) == expected


def test_strip_att() -> None:
    assert strip_att("att ge X i uppdrag") == "ge X i uppdrag"
    assert strip_att("Att  ge") == "ge"
    assert strip_att("attestera fakturan") == "attestera fakturan"


_word = st.from_regex(r"[a-zåäö]{2,12}", fullmatch=True).filter(lambda w: w != "att")
_clause = st.lists(_word, min_size=1, max_size=12).map(" ".join)


@given(
    clauses=st.lists(_clause, min_size=1, max_size=8),
    style=st.sampled_from(["numbered", "att", "bullet", "semicolon"]),
    end=st.sampled_from(["", ".", ";"]),
)
def test_never_loses_content_words(clauses: list[str], style: str, end: str) -> None:
    if style == "numbered":
        text = "Nämnden beslutar att\n\n" + "\n".join(f"{i}. {c}{end}" for i, c in enumerate(clauses, 1))
    elif style == "att":
        text = "\n\n".join(f"att {c}{end}" for c in clauses)
    elif style == "bullet":
        text = "\n".join(f"- {c}{end}" for c in clauses)
    else:
        text = "att " + "; att ".join(clauses)
    result = split_clauses(text)
    words = re.findall(r"\w+", " ".join(clauses))
    assert sorted(re.findall(r"\w+", " ".join(result))) == sorted(words)
    assert len(result) == len(clauses)


@given(st.text())
def test_never_raises(text: str) -> None:
    for clause in split_clauses(text):
        assert clause == clause.strip() and clause
