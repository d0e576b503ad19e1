"""Backup and restore of the whole database: ``samverkan db backup FIL`` / ``db restore FIL``.

SQLite is copied with SQLite's own online backup API, which gives a consistent snapshot while the
server keeps writing (a plain ``cp`` of a WAL database can miss the last transactions). PostgreSQL
is dumped and restored with ``pg_dump --format=custom`` / ``pg_restore --single-transaction``, the
tools its operators already trust; the password goes to them in ``PGPASSWORD``, never on the command
line where ``ps`` would show it.

Nothing half-written: a backup is written to a temporary file beside the target and renamed when
complete, an SQLite restore checks the backup before it replaces anything (and replaces the file in
one rename), and a PostgreSQL restore is one transaction.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from storage.db import normalise_url


class BackupError(Exception):
    """A backup or restore that could not be done; the message is Swedish and meant for the operator."""


def backup(*, url: str, target: Path) -> Path:
    """Write a backup of the database at ``url`` to ``target`` (which must not exist yet)."""
    if target.exists():
        raise BackupError(f"{target} finns redan. Välj ett nytt filnamn, t.ex. samverkan-{_today()}.backup.")
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        _sqlite_copy(source=_sqlite_file(parsed, must_exist=True), target=target)
    elif parsed.get_backend_name() == "postgresql":
        _atomic_pg_dump(parsed, target=target)
    else:
        raise BackupError(f"Databastypen {parsed.get_backend_name()} stöds inte.")
    return target


def restore(*, url: str, source: Path, replace: bool) -> None:
    """Replace the database at ``url`` with the backup in ``source``.

    ``replace`` must be true when the database already holds data: a restore throws away everything
    written since the backup, so it is never done by accident."""
    if not source.is_file():
        raise BackupError(f"Säkerhetskopian {source} finns inte.")
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        _sqlite_restore(source=source, target=_sqlite_file(parsed, must_exist=False), replace=replace)
    elif parsed.get_backend_name() == "postgresql":
        _pg_restore(parsed, source=source, replace=replace)
    else:
        raise BackupError(f"Databastypen {parsed.get_backend_name()} stöds inte.")


def _today() -> str:
    from datetime import date

    return date.today().isoformat()


def _sqlite_file(parsed: URL, *, must_exist: bool) -> Path:
    if parsed.database in (None, "", ":memory:") or str(parsed.database).startswith("file:"):
        raise BackupError("En databas i minnet kan inte säkerhetskopieras.")
    path = Path(parsed.database).expanduser()
    if must_exist and not path.is_file():
        raise BackupError(f"Databasfilen {path} finns inte.")
    return path


def _temp_beside(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    return Path(name)


def _sqlite_copy(*, source: Path, target: Path) -> None:
    """A consistent copy of ``source`` at ``target``, renamed into place only when complete."""
    temp = _temp_beside(target)
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(temp)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # the copy is a single file: no WAL beside it
        os.replace(temp, target)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} kunde inte kopieras: {error}.") from error
    finally:
        temp.unlink(missing_ok=True)


def _sqlite_revision(path: Path) -> str | None:
    """The Alembic revision of an SQLite file, or BackupError when it is no Samverkan database."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} är skadad (SQLite quick_check).")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} är ingen säkerhetskopia av Samverkans databas ({error}).") from error
    return row[0] if row else None


def _sqlite_has_data(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return conn.execute("SELECT count(*) FROM tenant").fetchone()[0] > 0
    except sqlite3.DatabaseError:
        return True  # unreadable as ours: treat it as precious


def _sqlite_restore(*, source: Path, target: Path, replace: bool) -> None:
    if _sqlite_revision(source) is None:
        raise BackupError(f"{source} har ingen migreringsversion: det är ingen säkerhetskopia av Samverkan.")
    if _sqlite_has_data(target) and not replace:
        raise BackupError(f"{target} innehåller redan data. Lägg till --skriv-over för att ersätta den "
                          f"(allt som skrivits efter säkerhetskopian försvinner).")
    temp = _temp_beside(target)
    try:
        _sqlite_copy(source=source, target=temp)  # a fresh copy: the backup file itself stays untouched
        for suffix in ("-wal", "-shm"):  # the old file's journal must not be replayed onto the new one
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _pg_env(parsed: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and the environment that carries it."""
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} saknas. Installera PostgreSQL-klienten (Debian: apt-get install postgresql-client).")
    return path


def _run(args: list[str], *, env: dict[str, str], what: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} misslyckades: {detail[-1] if detail else f'slutkod {done.returncode}'}")


def _atomic_pg_dump(parsed: URL, *, target: Path) -> None:
    dsn, env = _pg_env(parsed)
    temp = _temp_beside(target)
    try:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={temp}", f"--dbname={dsn}"],
             env=env, what="pg_dump")
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _pg_has_data(parsed: URL) -> bool:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(parsed)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("tenant"):
                return False
            return bool(conn.execute(text("SELECT count(*) FROM tenant")).scalar_one())
    finally:
        engine.dispose()


def _pg_restore(parsed: URL, *, source: Path, replace: bool) -> None:
    dsn, env = _pg_env(parsed)
    listing = subprocess.run([_tool("pg_restore"), "--list", str(source)], capture_output=True, text=True, check=False)
    if listing.returncode != 0 or "alembic_version" not in listing.stdout:
        raise BackupError(f"{source} är ingen pg_dump-säkerhetskopia av Samverkans databas.")
    if _pg_has_data(parsed) and not replace:
        raise BackupError("Databasen innehåller redan data. Lägg till --skriv-over för att ersätta den "
                          "(allt som skrivits efter säkerhetskopian försvinner).")
    _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={dsn}", str(source)], env=env, what="pg_restore")
