"""`make run`'s SQLite file lives in a data directory outside the git checkout (issue 21).

A `git clean -xdf` or a fresh clone must not take the organisation's protocols with it, and on a
fresh machine the directory is created by the first command, so `make run` stays one command.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from tests.cli_runner import run


def _clean_env(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    for name in ("SAMVERKAN_DATABASE_URL", "SAMVERKAN_DATA_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))


def test_default_database_is_in_the_xdg_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_env(monkeypatch, tmp_path / "hem")
    assert Settings(_env_file=None).database_url == f"sqlite:///{tmp_path / 'hem/.local/share/samverkan/samverkan.db'}"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Settings(_env_file=None).database_url == f"sqlite:///{tmp_path / 'xdg/samverkan/samverkan.db'}"
    monkeypatch.setenv("SAMVERKAN_DATA_DIR", str(tmp_path / "drift"))
    assert Settings(_env_file=None).database_url == f"sqlite:///{tmp_path / 'drift/samverkan.db'}"
    monkeypatch.setenv("SAMVERKAN_DATABASE_URL", "postgresql://samverkan@db/samverkan")
    assert Settings(_env_file=None).database_url == "postgresql://samverkan@db/samverkan"  # an explicit URL wins


def test_first_command_on_a_fresh_machine_creates_the_data_dir_not_a_file_in_the_checkout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, checkout = tmp_path / "hem", tmp_path / "samverkan"
    checkout.mkdir()
    _clean_env(monkeypatch, home)
    done = run(["db", "upgrade"], env={"HOME": str(home)}, cwd=checkout)
    assert done.returncode == 0, done.stderr
    assert (home / ".local/share/samverkan/samverkan.db").is_file()
    assert list(checkout.iterdir()) == [], "nothing is written into the working directory"


def test_an_old_database_in_the_checkout_is_pointed_out_not_silently_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, checkout = tmp_path / "hem", tmp_path / "samverkan"
    checkout.mkdir()
    (checkout / "samverkan.db").write_bytes(b"protokollen")
    _clean_env(monkeypatch, home)
    done = run(["audit"], env={"HOME": str(home)}, cwd=checkout)
    assert "databasen från en äldre version" in done.stderr
    assert f"mv {checkout / 'samverkan.db'} {home / '.local/share/samverkan/samverkan.db'}" in done.stderr
    assert (checkout / "samverkan.db").read_bytes() == b"protokollen"  # never moved or touched by the bot
    again = run(["audit"], env={"HOME": str(home)}, cwd=checkout)
    assert "databasen från en äldre version" in again.stderr, "said every time until the file is moved"
    (checkout / "samverkan.db").rename(tmp_path / "flyttad.db")
    assert "äldre version" not in run(["audit"], env={"HOME": str(home)}, cwd=checkout).stderr
