"""The samverkan year II: jäv and attendance per §, expediering receipts, written uppdrag to groups.

``paragraph_attendance`` records, per meeting, a member jävig on §§ first…last or a replacement
(«§§ 3–5 ersätter Y»), so the protocol states who took part in each §. ``dispatch_receipt`` turns
«Beslutet ska skickas till» into a delivery with proof: one row per § and recipient, with when it
was sent and when the recipient pressed «Mottaget». ``assignment`` gains the arbetsgrupp that owns
a written uppdrag (``assignee_body_id``), how it reports back (``report_form``) and the link to the
report once given (``report_link``). The § narrative (sammanfattning) uses the existing
``paragraph.body_text``: no column is needed for it.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _owned(table: str) -> list[sa.SchemaItem]:
    """The TenantOwned columns and constraints every domain table has."""
    return [sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
            sa.Column("tenant_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"], name=op.f(f"fk_{table}_tenant_id_tenant"),
                                    ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))]


def upgrade() -> None:
    op.create_table(
        "paragraph_attendance",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("replaces_name", sa.String(length=200), nullable=True),
        sa.Column("first_number", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_paragraph_attendance_meeting_id_meeting"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_paragraph_attendance_person_id_person"),
                                ondelete="SET NULL"),
        *_owned("paragraph_attendance"),
    )
    with op.batch_alter_table("paragraph_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paragraph_attendance_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_paragraph_attendance_tenant_id"), ["tenant_id"], unique=False)
    op.create_table(
        "dispatch_receipt",
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("acknowledged_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["paragraph_id"], ["paragraph.id"], name=op.f("fk_dispatch_receipt_paragraph_id_paragraph"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_dispatch_receipt_person_id_person"),
                                ondelete="SET NULL"),
        sa.UniqueConstraint("paragraph_id", "recipient", name=op.f("uq_dispatch_receipt_paragraph_id_recipient")),
        *_owned("dispatch_receipt"),
    )
    with op.batch_alter_table("dispatch_receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispatch_receipt_paragraph_id"), ["paragraph_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispatch_receipt_tenant_id"), ["tenant_id"], unique=False)
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assignee_body_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("report_form", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("report_link", sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_assignment_assignee_body_id_body"), "body",
                                    ["assignee_body_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_assignment_assignee_body_id_body"), type_="foreignkey")
        batch_op.drop_column("report_link")
        batch_op.drop_column("report_form")
        batch_op.drop_column("assignee_body_id")
    with op.batch_alter_table("dispatch_receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatch_receipt_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_dispatch_receipt_paragraph_id"))
    op.drop_table("dispatch_receipt")
    with op.batch_alter_table("paragraph_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paragraph_attendance_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_paragraph_attendance_meeting_id"))
    op.drop_table("paragraph_attendance")
