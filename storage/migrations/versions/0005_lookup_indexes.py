"""Lookup indexes: § by number without a body, and § by number within a body across years.

``/beslut § 19`` in a channel bound to a body asks for (tenant, body, number) with or without a
year; in an unbound channel for (tenant, number). The unique (tenant, body, year, number) only
serves the first with a year, so without these a § lookup walks every paragraph of a body — or of
the tenant. SQLite appends the rowid to every index, so "newest first" is read off the index too.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_paragraph_tenant_number", "paragraph", ["tenant_id", "number", "year"])
    op.create_index("ix_paragraph_body_number", "paragraph", ["tenant_id", "body_id", "number", "year"])


def downgrade() -> None:
    op.drop_index("ix_paragraph_body_number", table_name="paragraph")
    op.drop_index("ix_paragraph_tenant_number", table_name="paragraph")
