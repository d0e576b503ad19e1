"""Numbering schemes of imported protocols: a § number is unique within its numbering scope.

Protocols number their §§ per body and year (chat does too), but many restart at § 1 every
meeting, or carry the same number in two meetings of one year because two numbering runs meet. The
unique key was (tenant, body, year, number), so the second meeting's § 1 was refused («finns
redan») or stored without its number, and ``/beslut § 1`` could not find it. ``number_scope`` names
the run a number belongs to: ``''`` for numbering per body and year (every § registered in chat,
and protocols numbered that way), ``'möte 2023-08-30'`` for a protocol that numbers per meeting,
``'fil 17'`` for an undated one. The unique key becomes (tenant, body, year, number_scope, number):
the same number in two meetings is two §§, the same number twice in one run is still refused.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OLD = "uq_paragraph_tenant_id_body_id_year_number"
NEW = "uq_paragraph_tenant_id_body_id_year_number_scope_number"


def upgrade() -> None:
    with op.batch_alter_table("paragraph", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number_scope", sa.String(length=80), nullable=False, server_default=""))
        batch_op.drop_constraint(OLD, type_="unique")
        batch_op.create_unique_constraint(NEW, ["tenant_id", "body_id", "year", "number_scope", "number"])


def downgrade() -> None:
    # Numbers that only the scope kept apart would clash in the old key: they go back to unnumbered
    # (as the importer stored them before), keeping the written number in ``extra`` untouched.
    op.execute("UPDATE paragraph SET number = NULL WHERE number_scope <> ''")
    with op.batch_alter_table("paragraph", schema=None) as batch_op:
        batch_op.drop_constraint(NEW, type_="unique")
        batch_op.create_unique_constraint(OLD, ["tenant_id", "body_id", "year", "number"])
        batch_op.drop_column("number_scope")
