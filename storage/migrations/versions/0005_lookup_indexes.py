"""Lookup indexes: § by number, paragraphs by case, assignments by paragraph, rows by source file.

``/beslut § 19`` in a channel bound to a body asks for (tenant, body, number) with or without a
year; in an unbound channel for (tenant, number). The unique (tenant, body, year, number) only
serves the first with a year, so without these a § lookup walks every paragraph of a body — or of
the tenant. SQLite appends the rowid to every index, so "newest first" is read off the index too.
Every query is scoped by tenant, and SQLite without ANALYZE statistics (which nothing here runs)
picks the single-column tenant index for ``tenant_id = ? AND case_id = ?`` — in a one-organisation
deployment a scan of every paragraph. Composite (tenant, key) indexes win on equality count, so
the dnr path, a paragraph's assignments and the planned-meeting check use them without statistics.
Re-importing a changed file finds its paragraphs and meeting by ``source_document_id``; without an
index every file of an archive import scanned the whole paragraph table (quadratic in the archive).

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
    op.create_index("ix_paragraph_source_document", "paragraph", ["source_document_id"])
    op.create_index("ix_meeting_source_document", "meeting", ["source_document_id"])
    op.create_index("ix_paragraph_tenant_case", "paragraph", ["tenant_id", "case_id", "year", "number"])
    op.create_index("ix_assignment_tenant_paragraph", "assignment", ["tenant_id", "paragraph_id"])
    op.create_index("ix_meeting_tenant_state_start", "meeting", ["tenant_id", "state", "starts_at"])


def downgrade() -> None:
    op.drop_index("ix_meeting_tenant_state_start", table_name="meeting")
    op.drop_index("ix_assignment_tenant_paragraph", table_name="assignment")
    op.drop_index("ix_paragraph_tenant_case", table_name="paragraph")
    op.drop_index("ix_meeting_source_document", table_name="meeting")
    op.drop_index("ix_paragraph_source_document", table_name="paragraph")
    op.drop_index("ix_paragraph_body_number", table_name="paragraph")
    op.drop_index("ix_paragraph_tenant_number", table_name="paragraph")
