"""Slack token columns wide enough for encrypted tokens (GDPR and security work, issue 21).

Workspace tokens are now stored encrypted (``storage.token_cipher``, key in the setting
SAMVERKAN_SLACK_TOKEN_KEY). Fernet ciphertext is about 1.4 times the token plus 76 characters, and
rotating tokens (``xoxe.xoxb-…``) are already long, so slack_sdk's VARCHAR(200) is widened to
1000. Existing plaintext rows are encrypted by the application on start (the key is a setting,
not something a migration can read). Downgrade narrows the columns again: run it only on a
database whose tokens are plaintext (or empty), since ciphertext may not fit.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COLUMNS = {
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
    "slack_bots": ("bot_token", "bot_refresh_token"),
}


def _resize(*, old: int, new: int) -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=sa.String(length=old), type_=sa.String(length=new),
                                      existing_nullable=True)


def upgrade() -> None:
    _resize(old=200, new=1000)


def downgrade() -> None:
    _resize(old=1000, new=200)
