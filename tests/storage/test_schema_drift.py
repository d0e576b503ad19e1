"""The models declare the schema the migrations build: autogenerate finds nothing to change.

``samverkan db upgrade`` is the one way the schema comes to be, and ``Base.metadata`` is how the
code (and ``alembic revision --autogenerate``) knows it; a table or index in one and not the other
is drift. The comparison runs through ``storage/migrations/env.py``, with its ``include_object``
filter, so it is exactly what autogenerate itself compares.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import inspect, select

from storage.db import make_engine
from storage.migrate import alembic_config, current, downgrade, upgrade
from storage.models import Base

SLACK_TABLES = {"slack_installations", "slack_bots", "slack_oauth_states"}


def _env_diffs(url: str) -> list[Any]:
    """``compare_metadata`` of the models against the database, in env.py's migration context."""
    config = alembic_config(url)
    script = ScriptDirectory.from_config(config)
    found: list[Any] = []

    def compare(_rev: object, context: MigrationContext) -> list[Any]:
        found.extend(compare_metadata(context, Base.metadata))
        return []

    with EnvironmentContext(config, script, fn=compare):
        script.run_env()
    return found


def _bare_diffs(url: str) -> list[Any]:
    """The same comparison without env.py's filter: what autogenerate would see unfiltered."""
    engine = make_engine(url)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    return diffs


def _names(diffs: list[Any]) -> set[tuple[str, str]]:
    out = set()
    for diff in diffs:
        op, obj = diff[0], diff[1]
        out.add((op, obj.name))
    return out


def test_models_match_migrated_schema(any_db_url: str) -> None:
    upgrade(any_db_url)
    assert _env_diffs(any_db_url) == []
    command.check(alembic_config(any_db_url))  # `alembic check`: autogenerate would write an empty revision


def test_only_the_dialect_search_index_is_left_out(any_db_url: str) -> None:
    """The filter hides exactly the backend's own full-text index, and that index exists."""
    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    dialect = engine.dialect.name
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    unfiltered = _names(_bare_diffs(any_db_url))
    if dialect == "sqlite":
        assert "paragraph_fts" in tables
        assert unfiltered == {("remove_table", name) for name in (
            "paragraph_fts", "paragraph_fts_config", "paragraph_fts_content", "paragraph_fts_data",
            "paragraph_fts_docsize", "paragraph_fts_idx")}
    else:
        assert "paragraph_search" in tables
        assert unfiltered == {("remove_table", "paragraph_search"), ("remove_index", "ix_paragraph_search_document"),
                              ("remove_index", "ix_paragraph_search_tenant")}


def test_slack_oauth_tables_come_from_the_migration(any_db_url: str) -> None:
    upgrade(any_db_url, revision="0007")
    engine = make_engine(any_db_url)
    assert not SLACK_TABLES & set(inspect(engine).get_table_names())
    upgrade(any_db_url)
    assert SLACK_TABLES <= set(inspect(engine).get_table_names())
    # The stores work on the migrated tables without create_tables().
    store = SQLAlchemyInstallationStore(client_id="111.222", engine=engine)
    store.save_bot(Bot(app_id="A1", enterprise_id=None, team_id="T1", bot_token="xoxb-1", bot_id="B1",
                       bot_user_id="U1", installed_at=datetime(2022, 3, 30, tzinfo=UTC).timestamp()))
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-1"
    states = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine)
    assert states.consume(states.issue())
    downgrade(any_db_url, revision="0007")
    assert not SLACK_TABLES & set(inspect(engine).get_table_names())
    engine.dispose()


def test_0008_keeps_tables_the_app_created_before(any_db_url: str) -> None:
    """Deployments where the app ran create_tables() at start keep their installations."""
    upgrade(any_db_url, revision="0007")
    engine = make_engine(any_db_url)
    store = SQLAlchemyInstallationStore(client_id="111.222", engine=engine)
    store.create_tables()
    SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine).create_tables()
    store.save_bot(Bot(app_id="A1", enterprise_id=None, team_id="T1", bot_token="xoxb-old", bot_id="B1",
                       bot_user_id="U1", installed_at=datetime(2022, 3, 30, tzinfo=UTC).timestamp()))
    upgrade(any_db_url)
    assert current(any_db_url) >= "0008"  # head: later revisions add to it
    with engine.connect() as conn:
        assert conn.execute(select(store.bots.c.bot_token)).scalars().all() == ["xoxb-old"]
    engine.dispose()
    assert _env_diffs(any_db_url) == []


@pytest.mark.parametrize("revision", ["0007", "base"])
def test_no_drift_after_downgrade_and_upgrade_again(any_db_url: str, revision: str) -> None:
    upgrade(any_db_url)
    downgrade(any_db_url, revision=revision)
    upgrade(any_db_url)
    assert _env_diffs(any_db_url) == []
