"""The benchmark archive: deterministic, every layout present, truth that the import keeps."""

from __future__ import annotations

import json
from pathlib import Path

from bench.archive_protocols import LAYOUTS, read_truth, run_archive_bench, write_archive


def test_the_same_seed_writes_the_same_archive(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_archive(tmp_path / "a", paragraphs=400, seed=3)
    second = write_archive(tmp_path / "b", paragraphs=400, seed=3)
    assert first == second == read_truth(tmp_path / "a")
    assert all((tmp_path / "a" / t.file).read_text() == (tmp_path / "b" / t.file).read_text() for t in first)


def test_every_layout_and_numbering_scheme_is_present_with_its_truth(tmp_path: Path) -> None:
    truths = write_archive(tmp_path, paragraphs=600)
    assert len(LAYOUTS) >= 6 and {t.layout for t in truths} == set(LAYOUTS)
    assert {t.scheme for t in truths} == {"per_år", "möte", "löpande", "nummer_år", "prefix"}
    assert sum(len(t.paragraphs) for t in truths) >= 600
    line = json.loads((tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert set(line) == {"file", "layout", "scheme", "body", "meeting_day", "paragraphs"}
    assert set(line["paragraphs"][0]) == {"label", "number", "year", "run", "dnr", "dnr_written", "title"}


def test_the_import_keeps_the_archive() -> None:
    outcome = run_archive_bench(paragraphs=500, workers=0)
    assert outcome["failed"] == 0
    assert outcome["kept_paragraphs"] / outcome["paragraphs"] >= 0.99
    assert outcome["kept_dnr"] / outcome["dnr"] >= 0.99
    assert outcome["bodies"] == outcome["real_bodies"]
