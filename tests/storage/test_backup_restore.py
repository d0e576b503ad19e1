"""``samverkan db backup`` / ``db restore`` round-trip the data on SQLite and PostgreSQL, and refuse
to overwrite anything by accident (issue 21: backup/restore documented and tested)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.bootstrap import build_services
from bot.config import Settings
from storage.migrate import upgrade
from storage.models import Body
from tests.cli_runner import invoke


def _bodies(url: str) -> list[str]:
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=url))
    try:
        with services.sessions() as session:
            return sorted(session.scalars(select(Body.name)))  # code-point order: any fixed order will do
    finally:
        services.extras["engine"].dispose()


def _add_body(url: str, name: str) -> None:
    from bot.console import invocation_for
    from handlers.dispatch import dispatch

    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=url))
    try:
        dispatch(invocation_for(f'samverkan organ ny "{name}"', user="Sekreteraren", channel="styr"),
                 services=services)
    finally:
        services.extras["engine"].dispose()


def _db(args: list[str], *, url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    return invoke(["db", *args], env={"SAMVERKAN_DATABASE_URL": url}, monkeypatch=monkeypatch)


def test_backup_then_restore_brings_back_exactly_the_backed_up_rows(
        any_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if any_db_url.startswith("postgres") and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump saknas på maskinen")
    upgrade(any_db_url)
    _add_body(any_db_url, "Äldrenämnden")
    _add_body(any_db_url, "Åklagarsamverkan")
    target = tmp_path / "kopia.backup"

    made = _db(["backup", str(target)], url=any_db_url, monkeypatch=monkeypatch)
    assert made.exit_code == 0, made.output
    assert "Säkerhetskopian är skriven" in made.stdout and target.stat().st_size > 0

    _add_body(any_db_url, "Östra samverkansrådet")  # written after the backup: the restore takes it away
    assert _bodies(any_db_url) == sorted(["Åklagarsamverkan", "Äldrenämnden", "Östra samverkansrådet"])

    refused = _db(["restore", str(target)], url=any_db_url, monkeypatch=monkeypatch)
    assert refused.exit_code == 1 and "--skriv-over" in refused.output
    assert len(_bodies(any_db_url)) == 3, "a refused restore changes nothing"

    restored = _db(["restore", str(target), "--skriv-over"], url=any_db_url, monkeypatch=monkeypatch)
    assert restored.exit_code == 0, restored.output
    assert _bodies(any_db_url) == sorted(["Åklagarsamverkan", "Äldrenämnden"])

    again = _db(["backup", str(target)], url=any_db_url, monkeypatch=monkeypatch)
    assert again.exit_code == 1 and "finns redan" in again.output  # never overwrites an earlier backup
    _add_body(any_db_url, "Nytt organ")  # the restored database is usable, not just readable
    assert "Nytt organ" in _bodies(any_db_url)


def test_restore_into_an_empty_sqlite_file_needs_no_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source_url = f"sqlite:///{tmp_path / 'a.db'}"
    upgrade(source_url)
    _add_body(source_url, "Barn- och utbildningsnämnden")
    assert _db(["backup", str(tmp_path / "a.backup")], url=source_url, monkeypatch=monkeypatch).exit_code == 0
    fresh_url = f"sqlite:///{tmp_path / 'ny' / 'b.db'}"  # on a new machine: no folder, no file
    done = _db(["restore", str(tmp_path / "a.backup")], url=fresh_url, monkeypatch=monkeypatch)
    assert done.exit_code == 0, done.output
    assert _bodies(fresh_url) == ["Barn- och utbildningsnämnden"]


def test_a_file_that_is_no_backup_is_refused_and_the_database_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade(url)
    _add_body(url, "Kulturnämnden")
    junk = tmp_path / "protokoll.pdf"
    junk.write_bytes(b"%PDF-1.7 not a database")
    done = _db(["restore", str(junk), "--skriv-over"], url=url, monkeypatch=monkeypatch)
    assert done.exit_code == 1 and "ingen säkerhetskopia" in done.output
    assert "Traceback" not in done.output
    assert _bodies(url) == ["Kulturnämnden"]
    missing = _db(["restore", str(tmp_path / "finns-inte.backup")], url=url, monkeypatch=monkeypatch)
    assert missing.exit_code == 1 and "finns inte" in missing.output
