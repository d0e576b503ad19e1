"""Wire the dependencies once: settings → engine → sessions → handler services.

Adapters, the CLI and tests all build their ``Services`` here, so there is one way the
application is put together (the cosmicpython "bootstrap" idea).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine

from bot.config import Settings, get_settings
from handlers.context import Services
from storage.db import make_engine, make_session_factory


def utc_clock() -> datetime:
    """The real clock (tests pass their own)."""
    return datetime.now(UTC)


def build_services(
    *,
    settings: Settings | None = None,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utc_clock,
) -> Services:
    """Services for handlers, on the configured database unless an engine is given."""
    settings = settings or get_settings()
    engine = engine or make_engine(settings.database_url)
    services = Services(
        sessions=make_session_factory(engine),
        zone=settings.zone,
        clock=clock,
        public_url=settings.public_base_url.rstrip("/"),
    )
    services.extras["engine"] = engine
    services.extras["settings"] = settings
    return services
