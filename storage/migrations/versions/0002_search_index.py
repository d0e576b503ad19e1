"""Search index: SQLite FTS5 or PostgreSQL tsvector, plus the per-tenant word dictionary.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_word",
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenant.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("word", sa.String(40), primary_key=True),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE paragraph_fts USING fts5("
            "tenant, title, clauses, dnr, tokenize = \"unicode61 remove_diacritics 2\")"
        )
    else:
        op.create_table(
            "paragraph_search",
            sa.Column("paragraph_id", sa.Integer, sa.ForeignKey("paragraph.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("tenant_id", sa.Integer, nullable=False),
            sa.Column("document", sa.dialects.postgresql.TSVECTOR, nullable=False),
        )
        op.create_index("ix_paragraph_search_document", "paragraph_search", ["document"], postgresql_using="gin")
        op.create_index("ix_paragraph_search_tenant", "paragraph_search", ["tenant_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE paragraph_fts")
    else:
        op.drop_index("ix_paragraph_search_tenant", table_name="paragraph_search")
        op.drop_index("ix_paragraph_search_document", table_name="paragraph_search")
        op.drop_table("paragraph_search")
    op.drop_table("search_word")
