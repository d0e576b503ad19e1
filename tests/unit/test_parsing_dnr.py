"""Diarienummer: every spelling of one case gives one key; prose numbers are not cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.parsing.dnr import NOT_PREFIXES, Dnr, find_dnrs, parse_dnr
from tests.conftest import seed_path

SPELLINGS_UTB_22_30 = ["UTB 22/30", "utb 22/30", "UTB 2022/30", "UTB-22/30", "UTB22/30", " UTB 2022/030 "]


@pytest.mark.parametrize("text", SPELLINGS_UTB_22_30)
def test_utb_spellings_share_key(text: str) -> None:
    dnr = parse_dnr(text)
    assert dnr is not None
    assert (dnr.prefix, dnr.year, dnr.number, dnr.key) == ("UTB", 2022, 30, "UTB:2022:30")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("SN/2022:61", "SN:2022:61"),
        ("SN 2022:61", "SN:2022:61"),
        ("SN 22:61", "SN:2022:61"),
        ("KS 2023/145", "KS:2023:145"),
        ("KS 2023-145", "KS:2023:145"),
        ("Dnr 2021/0123", ":2021:123"),
        ("dnr 2021/0123", ":2021:123"),
        ("DNR. 2021/123", ":2021:123"),
        ("Dnr: KS 2023/145", "KS:2023:145"),
        ("BUN 2024/7", "BUN:2024:7"),
        ("Ålö 23/5", "ÅLÖ:2023:5"),
    ],
)
def test_other_spellings(text: str, key: str) -> None:
    dnr = parse_dnr(text)
    assert dnr is not None and dnr.key == key


@pytest.mark.parametrize(
    "text",
    ["", "UTB", "22/30", "2021/0123", "2022-03-30", "kl 13:00", "den 15/11", "SOU 2020:47", "§ 19", "UTB 22/30 och mer",
     "ABCDEFG 22/30", "UTB 22/30/4", "KS 23-145", "UTB 3000/1"],
)  # fmt: skip
def test_not_a_dnr(text: str) -> None:
    assert parse_dnr(text) is None


def test_written_and_display_keep_the_source_spelling() -> None:
    dnr = parse_dnr("Dnr: KS 2023/145")
    assert dnr is not None
    assert dnr.written == "Dnr: KS 2023/145"
    assert dnr.display == "KS 2023/145"
    bare = parse_dnr("Dnr 2021/0123")
    assert bare is not None and bare.display == "Dnr 2021/0123" and bare.prefix == ""


def test_equality_ignores_spelling() -> None:
    assert parse_dnr("UTB 22/30") == parse_dnr("utb 2022/30")
    assert len({parse_dnr(s) for s in SPELLINGS_UTB_22_30}) == 1
    built = Dnr(prefix="UTB", year=2022, number=30, written="", key="UTB:2022:30")
    assert built.display == "UTB 2022/30"


def test_find_in_titles_and_chat() -> None:
    assert [d.key for d in find_dnrs("Ny samverkansmodell i länet (UTB 22/30)**Beslut**")] == ["UTB:2022:30"]
    assert [d.written for d in find_dnrs("vad blev det med UTB 22/30?")] == ["UTB 22/30"]
    assert [d.key for d in find_dnrs("Samverkansorganisation -information \nSN/2022:61 \n")] == ["SN:2022:61"]
    assert [d.key for d in find_dnrs("se dnr 2021/0123 och KS 2023/145.")] == [":2021:123", "KS:2023:145"]
    assert [d.key for d in find_dnrs("hur går det med utb 22/30")] == ["UTB:2022:30"]


@pytest.mark.parametrize(
    "text",
    [
        "Mötesdatum 2022-03-30", "senast 31/10", "8/4 kl. 9", "Nästa möte: 2024-10-24--25", "kl. 13:00-14:30",
        "§ 19", "§19", "157 miljoner", "20 000 kr", "läsåren 2018/2019 till läsåret 2020/2021", "möte 23/9 kl. 9",
        "Trelleborg den 18/5-18", "Exp     /     2022", "SFS 2001:453", "mötet 2024-10", "den 15/11", "ca 69%", "Budget 2024/25",
    ],
)  # fmt: skip
def test_find_ignores_dates_times_and_amounts(text: str) -> None:
    assert find_dnrs(text) == []


def test_find_on_seed_000(seeds_dir: Path) -> None:
    keys = {d.key for d in find_dnrs(seed_path("000").read_text(encoding="utf-8"))}
    assert keys == {"UTB:2022:30"}


def test_find_on_seed_002_finds_nothing(seeds_dir: Path) -> None:
    assert find_dnrs(seed_path("002").read_text(encoding="utf-8")) == []


_prefix = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ", min_size=1, max_size=6).filter(
    lambda p: p.lower() not in NOT_PREFIXES
)


@given(
    prefix=_prefix,
    year=st.integers(min_value=2000, max_value=2099),
    number=st.integers(min_value=1, max_value=99999),
    style=st.sampled_from(["{p} {y}/{n}", "{p} {yy}/{n}", "{p}-{yy}/{n}", "{p}{yy}/{n}", "{p}/{y}:{n}",
                           "{p} {y}:{n}", "{p} {yy}:{n}", "Dnr: {p} {y}/{n}", "{lp} {y}/{n:04d}"]),
)  # fmt: skip
def test_key_is_spelling_invariant(prefix: str, year: int, number: int, style: str) -> None:
    text = style.format(p=prefix, lp=prefix.lower(), y=year, yy=f"{year % 100:02d}", n=number)
    dnr = parse_dnr(text)
    assert dnr is not None, text
    assert dnr.key == f"{prefix}:{year}:{number}"
    assert [d.key for d in find_dnrs(f"Ärendet ({text}) behandlades.")] == [dnr.key]


@given(st.text())
def test_never_raises(text: str) -> None:
    parse_dnr(text)
    for dnr in find_dnrs(text):
        assert dnr.written in text
