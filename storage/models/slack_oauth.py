"""Slack's OAuth tables: installations, bots and OAuth states (migration 0008).

slack_sdk's ``SQLAlchemyInstallationStore`` and ``SQLAlchemyOAuthStateStore`` (used by
``bot/slack/oauth.py``) query tables they define themselves. They are declared here as plain
tables, column for column as slack_sdk builds them, so ``Base.metadata`` holds what the stores
read and write while no platform SDK is imported outside ``bot/``; migration 0008 creates them.
``tests/storage/test_slack_oauth_tables.py`` compares these with slack_sdk's own builders, so a
slack_sdk upgrade that changes a table fails the suite until a migration brings the database along.

One deliberate difference: the token columns are wider (migration 0013), because they hold
Fernet ciphertext (``storage.token_cipher``), about 1.4 times the token's length plus 76
characters; a rotating token (``xoxe.xoxb-…``) encrypted does not fit slack_sdk's 200.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table

from storage.models.base import Base

TOKEN_LENGTH = 1000  # encrypted tokens; slack_sdk's own tables say 200 (plaintext)
ENCRYPTED_COLUMNS = frozenset({"bot_token", "bot_refresh_token", "user_token", "user_refresh_token"})


def _bot_columns() -> list[Column]:  # type: ignore[type-arg]
    """The columns an installation and a bot row share (new objects each time: a column has one table)."""
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
        Column("team_id", String(32)),
        Column("team_name", String(200)),
        Column("bot_token", String(TOKEN_LENGTH)),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", String(TOKEN_LENGTH)),
        Column("bot_token_expires_at", DateTime),
        Column("is_enterprise_install", Boolean, nullable=False),
        Column("installed_at", DateTime, nullable=False),
    ]


slack_installations = Table(
    "slack_installations", Base.metadata,
    *_bot_columns(),
    Column("enterprise_url", String(200)),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(TOKEN_LENGTH)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(TOKEN_LENGTH)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("token_type", String(32)),
    Index("slack_installations_idx", "client_id", "enterprise_id", "team_id", "user_id", "installed_at"),
)
slack_bots = Table(
    "slack_bots", Base.metadata,
    *_bot_columns(),
    Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)
slack_oauth_states = Table(
    "slack_oauth_states", Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)
