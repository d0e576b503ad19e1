"""``samverkan import`` end to end: a real process, a real SQLite file, the seeds folder.

The terminal chat is then started as a second process on the same file and asked for what the
import wrote, which is exactly what a secretary does after importing an archive.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SAMVERKAN = Path(sys.executable).parent / "samverkan"


def run(args: list[str], *, db: Path, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAMVERKAN_DATABASE_URL": f"sqlite:///{db}", "COLUMNS": "140"}
    return subprocess.run([str(SAMVERKAN), *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
                          timeout=240)


def totals(output: str) -> list[int]:
    """The numbers of the summary table's only data row."""
    row = next(line for line in output.splitlines() if re.match(r"^│\s+\d", line))
    return [int(cell) for cell in re.findall(r"\d+", row)]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "arkiv.db"


def test_import_seeds_then_reimport_then_lookup(seeds_dir: Path, db: Path, tmp_path: Path) -> None:
    first = run(["import", str(seeds_dir)], db=db, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Import av protokoll" in first.stdout
    # files, meetings, paragraphs, assignments, agreements, unchanged, failed
    assert totals(first.stdout) == [5, 2, 14, 14, 1, 0, 0]
    assert "001_4aca81cd505a6d9b.txt: Mötets datum" in first.stdout
    assert first.stdout.count(": importerad") == 5

    again = run(["import", str(seeds_dir)], db=db, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert totals(again.stdout) == [5, 0, 0, 0, 0, 5, 0]

    chat = run(["chat", "--user", "Besökare"], db=db, cwd=tmp_path,
               stdin="/beslut UTB 22/30\n/beslut SN/2022:61\n/beslut § 105\n/beslut yrkesvux\n")
    assert chat.returncode == 0, chat.stderr
    for expected in ("§ 19 Ny samverkansmodell i länet", "§ 14 Samverkansorganisation -information",
                     "§ 105 Statsbidrag regionalt yrkesvux 2025", "Importerad från 002_3e7c54d3cf981d2c.txt"):
        assert expected in chat.stdout, chat.stdout


def test_every_file_failing_exits_1_with_the_reason(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "trasigt"
    folder.mkdir()
    (folder / "skannad.pdf").write_bytes(b"%PDF-1.4 no objects here")
    (folder / "tom.md").write_text("\n\n", encoding="utf-8")
    result = run(["import", str(folder)], db=db, cwd=tmp_path)
    assert result.returncode == 1
    assert totals(result.stdout) == [2, 0, 0, 0, 0, 0, 2]
    assert "Kunde inte läsas" in result.stdout
    assert "skannad.pdf: PDF-filen skannad.pdf är trasig" in result.stdout
    assert "tom.md: Filen tom.md är tom" in result.stdout


def test_import_into_a_slack_workspace_is_not_seen_by_the_terminal(seeds_dir: Path, db: Path, tmp_path: Path) -> None:
    seed = next(seeds_dir.glob("000_*.txt"))
    result = run(["import", str(seed), "--slack-team", "T0123"], db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert totals(result.stdout) == [1, 1, 1, 2, 0, 0, 0]
    chat = run(["chat", "--user", "Besökare"], db=db, cwd=tmp_path, stdin="/beslut UTB 22/30\n")
    assert "§ 19" not in chat.stdout and "UTB 22/30" in chat.stdout
