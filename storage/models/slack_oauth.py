"""Slack's OAuth tables: installations, bots and OAuth states (migration 0008).

slack_sdk's ``SQLAlchemyInstallationStore`` and ``SQLAlchemyOAuthStateStore`` (used by
``bot/slack/oauth.py``) query tables they define themselves. The tables are built here with the
stores' own builders, so ``Base.metadata`` holds exactly what the stores read and write; migration
0008 creates them. Should a slack_sdk upgrade change a definition, the schema-drift test
(``tests/storage/test_schema_drift.py``) fails until a migration brings the database along.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from storage.models.base import Base

slack_installations = SQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, SQLAlchemyInstallationStore.default_installations_table_name)
slack_bots = SQLAlchemyInstallationStore.build_bots_table(
    Base.metadata, SQLAlchemyInstallationStore.default_bots_table_name)
slack_oauth_states = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    Base.metadata, SQLAlchemyOAuthStateStore.default_table_name)
