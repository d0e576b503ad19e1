"""Identity: a second platform id per person, and who held a function seat when.

``platform_alt_id`` is the other id a platform knows a person by: Teams names the sender by
AAD object id but a mention only by the channel account id (``29:…``), so the two are joined
on the one person row by id, never by display name. Agenda items copied from an assignment of
a sekretess paragraph are re-titled so no confidential task text sits on another body's agenda.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("platform_alt_id", sa.String(128), nullable=True))
        batch.create_unique_constraint("uq_person_tenant_id_platform_alt_id", ["tenant_id", "platform_alt_id"])


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint("uq_person_tenant_id_platform_alt_id", type_="unique")
        batch.drop_column("platform_alt_id")
