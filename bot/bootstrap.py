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
        confidential_in_chat=settings.confidential_in_chat,
    )
    services.extras["engine"] = engine
    services.extras["settings"] = settings
    _install_link_signer(services)
    return services


def _install_link_signer(services: Services) -> None:
    """Give handlers signed web links in every process (terminal chat included).

    The signing keys are read (or created and stored) now, before any command runs: creating
    them lazily inside a command would open a second write transaction beside the command's own,
    which SQLite makes wait. A database that is not migrated yet simply gets no signer.
    """
    from sqlalchemy.exc import DBAPIError

    from bot.web.links import signer_for

    signer = signer_for(services)
    try:
        signer.tenant_slug(0)
    except DBAPIError:
        services.link_signer = None
