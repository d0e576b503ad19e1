"""Services for every CLI command that opens the database: a fresh SQLite file is migrated first.

The embedded default must just work: ``samverkan chat`` (or ``import``, ``export``, ``reminders``,
``audit``, ``organ``, ``webb``, ``serve``) on a file that does not exist yet would otherwise answer
«Något gick fel» because no table is there. So every such command builds its services here, and on
SQLite the schema is brought to the newest migration first — idempotent, and a few milliseconds
when it already is.

Why here and not in ``bot.bootstrap.build_services``: tests, benchmarks and the adapters build
services on databases whose schema they control (some on purpose at an older revision), and a
side effect as heavy as a migration does not belong in the function that merely wires objects.
And why SQLite only: a PostgreSQL server is shared by several bot processes and by other
deployments' operators; migrating it is a deliberate step (``samverkan db upgrade``, before a
rollout) — several processes starting at once must not race to alter one schema. An empty
PostgreSQL database gets a Swedish sentence saying so instead of a stack trace.
"""

from __future__ import annotations

import logging

import typer
from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from bot.config import Settings, get_settings
from handlers.context import Services
from storage.db import make_engine
from storage.migrate import alembic_config

log = logging.getLogger("samverkan.cli")

NOT_MIGRATED = ("Databasen är inte migrerad än. Kör «samverkan db upgrade» först "
                "(PostgreSQL migreras aldrig automatiskt).")
UNREACHABLE = ("Databasen går inte att nå. Kontrollera SAMVERKAN_DATABASE_URL och att databasservern är igång "
               "(detaljer i loggen med SAMVERKAN_LOG_LEVEL=DEBUG).")


def open_services(*, settings: Settings | None = None) -> Services:
    """The services for one CLI command, on a database whose schema is ready (see the module doc)."""
    from bot.bootstrap import build_services

    settings = settings or get_settings()
    engine = make_engine(settings.database_url)
    prepare_database(engine=engine, url=settings.database_url)
    return build_services(settings=settings, engine=engine)


def prepare_database(*, engine: Engine, url: str) -> None:
    """Migrate an SQLite database to the newest revision; refuse an empty PostgreSQL one politely.

    The migration runs on ``engine``'s own connection, so an in-memory SQLite database is the one the
    command then uses, not a throw-away copy.
    """
    try:
        if engine.dialect.name == "sqlite":
            config = alembic_config(url)
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as error:
        log.debug("cannot open the database", exc_info=error)
        typer.echo(UNREACHABLE, err=True)
        raise typer.Exit(1) from error
    if revision is None:
        typer.echo(NOT_MIGRATED, err=True)
        raise typer.Exit(1)
