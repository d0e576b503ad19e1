"""The Slack OAuth tables declared in storage/ are the ones slack_sdk's stores build and query.

storage/ may not import slack_sdk (platform SDKs live in bot/ only), so the tables are written out
there; this test compares them with slack_sdk's own builders, column by column and index by index.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table

from storage.models import slack_oauth


def _shape(table: Table) -> tuple[object, ...]:
    """Name, columns and indexes; the token columns' length is left out (ours hold ciphertext, wider)."""
    columns = sorted((c.name, type(c.type).__name__,
                      None if c.name in slack_oauth.ENCRYPTED_COLUMNS else getattr(c.type, "length", None),
                      c.nullable, c.primary_key) for c in table.columns)
    indexes = sorted((i.name, tuple(c.name for c in i.columns)) for i in table.indexes)
    return table.name, tuple(columns), tuple(indexes)


def test_declared_tables_match_slack_sdks_own() -> None:
    theirs = MetaData()
    pairs = (
        (slack_oauth.slack_installations, SQLAlchemyInstallationStore.build_installations_table(
            theirs, SQLAlchemyInstallationStore.default_installations_table_name)),
        (slack_oauth.slack_bots, SQLAlchemyInstallationStore.build_bots_table(
            theirs, SQLAlchemyInstallationStore.default_bots_table_name)),
        (slack_oauth.slack_oauth_states, SQLAlchemyOAuthStateStore.build_oauth_states_table(
            theirs, SQLAlchemyOAuthStateStore.default_table_name)),
    )
    for ours, sdk in pairs:
        assert _shape(ours) == _shape(sdk)


def test_token_columns_are_wide_enough_for_ciphertext() -> None:
    """A 255-character token (Slack's stated maximum) encrypted fits the declared columns."""
    from storage.token_cipher import TokenCipher, new_key

    longest = len(TokenCipher(keys=[new_key()]).encrypt("x" * 255) or "")
    for table in (slack_oauth.slack_installations, slack_oauth.slack_bots):
        for column in table.columns:
            if column.name in slack_oauth.ENCRYPTED_COLUMNS:
                assert column.type.length >= longest, (table.name, column.name)
