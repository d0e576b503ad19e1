"""Outbox post attempts: the marker a sweep writes on claimed rows before it posts them.

``post_attempt`` names the attempt (the claim) that may have put the rows on the platform, and
``post_attempt_at`` when it started. Slack posts carry the marker in their message metadata; a
sweep that takes over rows with a marker (their claimer died, or the post ended in an ambiguous
error) asks the platform whether that attempt's post exists before posting again. Both are NULL
when no post of the row can have reached the platform.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("post_attempt", sa.String(32), nullable=True))
        batch.add_column(sa.Column("post_attempt_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("post_attempt_at")
        batch.drop_column("post_attempt")
