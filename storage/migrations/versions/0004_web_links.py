"""Web links: the persisted signing secret, a per-person generation counter for revocation, and an
index on (tenant, anslag date) so the public anslagstavla finds the notices that are up without a scan.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_secret",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "web_link_generation",
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenant.id", ondelete="CASCADE",
                                                         name="fk_web_link_generation_tenant_id_tenant"),
                  primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE",
                                                         name="fk_web_link_generation_person_id_person"),
                  primary_key=True),
        sa.Column("generation", sa.Integer, nullable=False),
    )
    op.create_index("ix_meeting_tenant_posted_on", "meeting", ["tenant_id", "posted_on"])


def downgrade() -> None:
    op.drop_index("ix_meeting_tenant_posted_on", table_name="meeting")
    op.drop_table("web_link_generation")
    op.drop_table("web_secret")
