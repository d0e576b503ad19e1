"""Alembic environment: our metadata, batch mode on SQLite so ALTERs work there too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alembic import context

from storage.db import make_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata

# The full-text index of migration 0002 is the only schema no model declares, because each backend
# has its own and neither can be a table of ``Base.metadata`` (``storage/search/index.py`` writes
# them with SQL): SQLite's is an FTS5 virtual table, which SQLAlchemy cannot declare, plus the
# shadow tables SQLite keeps its index in; PostgreSQL's is a tsvector table with a GIN index, which
# SQLite cannot create. Autogenerate would otherwise propose dropping them; it skips exactly these.
DIALECT_ONLY_TABLES: dict[str, frozenset[str]] = {
    "sqlite": frozenset({"paragraph_fts", "paragraph_fts_config", "paragraph_fts_content", "paragraph_fts_data",
                         "paragraph_fts_docsize", "paragraph_fts_idx"}),
    "postgresql": frozenset({"paragraph_search"}),
}
DIALECT_ONLY_INDEXES: dict[str, frozenset[str]] = {
    "sqlite": frozenset(),
    "postgresql": frozenset({"ix_paragraph_search_document", "ix_paragraph_search_tenant"}),
}


def include_object_for(dialect: str) -> Callable[..., bool]:
    """Autogenerate's ``include_object``: everything except the database's own search index."""
    tables = DIALECT_ONLY_TABLES.get(dialect, frozenset())
    indexes = DIALECT_ONLY_INDEXES.get(dialect, frozenset())

    def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if not reflected or compare_to is not None:  # declared in the models: always compared
            return True
        if type_ == "table":
            return name not in tables
        if type_ == "index":
            return name not in indexes
        return True

    return include_object


def run_migrations_online() -> None:
    """Run migrations on a live connection (the only mode we use)."""
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection: object) -> None:
    dialect = connection.dialect.name  # type: ignore[attr-defined]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=dialect == "sqlite",
        compare_type=True,
        include_object=include_object_for(dialect),
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
