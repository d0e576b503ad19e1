"""Shared test fixtures.

The seed protocols live outside the repository (``../shared/seeds``); tests that need them use
the ``seeds_dir`` fixture, which skips only when that folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SCHEMAS = SHARED / "schemas"


def seed_path(prefix: str) -> Path:
    """Return the seed file whose name starts with ``prefix`` (e.g. ``"000"``)."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} saknas i {SEEDS}")
    return matches[0]


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds finns inte")
    return SEEDS


@pytest.fixture
def schemas_dir() -> Path:
    if not SCHEMAS.is_dir():
        pytest.skip("../shared/schemas finns inte")
    return SCHEMAS


# --- Databases ----------------------------------------------------------------------------------
import os  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

from sqlalchemy import create_engine, text  # noqa: E402

POSTGRES_ENV = "SAMVERKAN_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The PostgreSQL server for tests; skipped only when no URL is configured."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} är inte satt – PostgreSQL-testerna hoppas över")
    return url


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh, uniquely named database on the shared server, dropped afterwards.

    The server is shared with other machines, so tests never touch an existing database.
    """
    from storage.db import normalise_url

    admin_url = normalise_url(postgres_server_url)
    name = f"samverkan_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = admin_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
            ), {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An SQLite file in the test's own temporary folder."""
    return f"sqlite:///{tmp_path / 'samverkan.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def any_db_url(request: pytest.FixtureRequest) -> str:
    """Run a test on SQLite and, when configured, on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


class FixedClock:
    """A clock tests can set and move; handlers read time only through it."""

    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value

    def set(self, value: datetime) -> None:
        self.value = value


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2022, 3, 30, 9, 0, tzinfo=UTC))


@pytest.fixture
def services(sqlite_url: str, clock: FixedClock):  # type: ignore[no-untyped-def]
    """Handler services on a migrated SQLite file with a fixed clock."""
    from bot.bootstrap import build_services
    from bot.config import Settings
    from storage.migrate import upgrade

    upgrade(sqlite_url)
    settings = Settings(SAMVERKAN_DATABASE_URL=sqlite_url)
    svc = build_services(settings=settings, clock=clock)
    yield svc
    svc.extras["engine"].dispose()


@pytest.fixture
def chat(services):  # type: ignore[no-untyped-def]
    """Send terminal-chat lines as a given user and get the rendered replies back."""
    from bot.console import invocation_for
    from bot.render_text import render_text
    from handlers.dispatch import dispatch

    def send(line: str, *, user: str = "Kristina Kamsten", channel: str = "utb-au") -> str:
        return render_text(dispatch(invocation_for(line, user=user, channel=channel), services=services))

    return send
