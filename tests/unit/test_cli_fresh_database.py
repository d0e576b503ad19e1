"""The embedded default just works: every command that opens the database migrates a fresh SQLite file.

No ``samverkan db upgrade`` first: ``samverkan chat`` on a file that does not exist answers «hjälp»
with the command list, not «Något gick fel».
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_runner import invoke, run


def fresh(tmp_path: Path) -> dict[str, str]:
    db = tmp_path / "ny.db"
    assert not db.exists()
    return {"SAMVERKAN_DATABASE_URL": f"sqlite:///{db}"}


def test_chat_on_a_fresh_file_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["chat"], env=fresh(tmp_path), monkeypatch=monkeypatch, stdin="hjälp\n")
    assert result.exit_code == 0, result.output
    assert "Samverkan – kommandon" in result.stdout and "Beslut" in result.stdout and "Uppdrag" in result.stdout
    assert "Något gick fel" not in result.output


def test_chat_on_a_fresh_file_as_a_process(tmp_path: Path) -> None:
    done = run(["chat"], env=fresh(tmp_path), cwd=tmp_path, stdin="hjälp\n/uppdrag mina\n")
    assert done.returncode == 0, done.stderr
    assert "Samverkan – kommandon" in done.stdout and "Beslut" in done.stdout
    assert "Mina uppdrag" in done.stdout  # a command that reads the tables works too
    assert "Något gick fel" not in done.stdout + done.stderr
    assert (tmp_path / "ny.db").exists()


@pytest.mark.parametrize(("args", "expected"), [
    (["audit"], "Inga händelser."),
    (["reminders", "preview", "--from", "2025-04-07", "--to", "2025-04-11"], "0 inlägg mellan 2025-04-07"),
    (["reminders", "dispatch", "--console"], "Planerat: 0 nya"),
    (["webb", "anslagstavla"], ""),
    (["export", "ical", "--organ", "Styrgruppen"], "Inget organ heter «Styrgruppen»"),
])
def test_every_database_command_migrates_first(args: list[str], expected: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(args, env=fresh(tmp_path), monkeypatch=monkeypatch)
    assert result.exit_code in (0, 2), result.output  # 2: a usage error the command itself reports
    assert expected in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "no such table" not in result.output and "Traceback" not in result.output
