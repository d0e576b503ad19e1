"""Slack OAuth: the installation, bot and OAuth-state tables of slack_sdk's SQLAlchemy stores.

Until now ``bot/slack/oauth.py`` created them with the stores' ``create_tables()`` when the app
started, outside Alembic. They are defined here as slack_sdk 3.48 defines them
(``SQLAlchemyInstallationStore.build_installations_table`` / ``build_bots_table``,
``SQLAlchemyOAuthStateStore.build_oauth_states_table``: naive ``DateTime``, ``installed_at``
defaulted by the client, unnamed primary keys, the ``<table>_idx`` indexes). A database the app
already created them in keeps them and their rows: only missing tables are created.
``storage/models/slack_oauth.py`` declares them for the schema-drift test.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "slack_installations" not in existing:
        op.create_table(
            "slack_installations",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("client_id", sa.String(32), nullable=False),
            sa.Column("app_id", sa.String(32), nullable=False),
            sa.Column("enterprise_id", sa.String(32)),
            sa.Column("enterprise_name", sa.String(200)),
            sa.Column("enterprise_url", sa.String(200)),
            sa.Column("team_id", sa.String(32)),
            sa.Column("team_name", sa.String(200)),
            sa.Column("bot_token", sa.String(200)),
            sa.Column("bot_id", sa.String(32)),
            sa.Column("bot_user_id", sa.String(32)),
            sa.Column("bot_scopes", sa.String(1000)),
            sa.Column("bot_refresh_token", sa.String(200)),
            sa.Column("bot_token_expires_at", sa.DateTime),
            sa.Column("user_id", sa.String(32), nullable=False),
            sa.Column("user_token", sa.String(200)),
            sa.Column("user_scopes", sa.String(1000)),
            sa.Column("user_refresh_token", sa.String(200)),
            sa.Column("user_token_expires_at", sa.DateTime),
            sa.Column("incoming_webhook_url", sa.String(200)),
            sa.Column("incoming_webhook_channel", sa.String(200)),
            sa.Column("incoming_webhook_channel_id", sa.String(200)),
            sa.Column("incoming_webhook_configuration_url", sa.String(200)),
            sa.Column("is_enterprise_install", sa.Boolean, nullable=False),
            sa.Column("token_type", sa.String(32)),
            sa.Column("installed_at", sa.DateTime, nullable=False),
        )
        op.create_index("slack_installations_idx", "slack_installations",
                        ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"])
    if "slack_bots" not in existing:
        op.create_table(
            "slack_bots",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("client_id", sa.String(32), nullable=False),
            sa.Column("app_id", sa.String(32), nullable=False),
            sa.Column("enterprise_id", sa.String(32)),
            sa.Column("enterprise_name", sa.String(200)),
            sa.Column("team_id", sa.String(32)),
            sa.Column("team_name", sa.String(200)),
            sa.Column("bot_token", sa.String(200)),
            sa.Column("bot_id", sa.String(32)),
            sa.Column("bot_user_id", sa.String(32)),
            sa.Column("bot_scopes", sa.String(1000)),
            sa.Column("bot_refresh_token", sa.String(200)),
            sa.Column("bot_token_expires_at", sa.DateTime),
            sa.Column("is_enterprise_install", sa.Boolean, nullable=False),
            sa.Column("installed_at", sa.DateTime, nullable=False),
        )
        op.create_index("slack_bots_idx", "slack_bots", ["client_id", "enterprise_id", "team_id", "installed_at"])
    if "slack_oauth_states" not in existing:
        op.create_table(
            "slack_oauth_states",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("state", sa.String(200), nullable=False),
            sa.Column("expire_at", sa.DateTime, nullable=False),
        )


def downgrade() -> None:
    op.drop_table("slack_oauth_states")
    op.drop_index("slack_bots_idx", table_name="slack_bots")
    op.drop_table("slack_bots")
    op.drop_index("slack_installations_idx", table_name="slack_installations")
    op.drop_table("slack_installations")
