"""Engines and sessions for SQLite (embedded default) and PostgreSQL.

SQLite gets WAL, a busy timeout and enforced foreign keys on every connection: without them a
second process (``reminders dispatch`` beside ``serve``) sees "database is locked" and cascades
silently do nothing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from storage.collation import register_sqlite


def normalise_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs, since that is the driver we install."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine with the per-backend settings the bot relies on."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        memory = parsed.database in (None, "", ":memory:")
        if not memory and not parsed.database.startswith("file:"):
            # The default file lives in a data dir (SAMVERKAN_DATA_DIR) that a fresh machine lacks.
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 30},
            poolclass=StaticPool if memory else None,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    register_sqlite(dbapi_conn)  # ORDER BY ... COLLATE sv_SE: Swedish order, as on PostgreSQL


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (replies are built after it)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def is_postgres(engine: Engine) -> bool:
    """True on PostgreSQL, where row claiming uses ``FOR UPDATE SKIP LOCKED``."""
    return engine.dialect.name == "postgresql"
