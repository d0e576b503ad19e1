"""The samverkan year: meeting series and the kallelse the sammankallande sends.

``meeting.series_id`` ties the meetings of one planned läsår together so the series can be
shifted as a whole; ``meeting.notice_sent_at`` records that a kallelse was sent by hand, which
replaces the automatic notice (the reminder planner then plans none). A cancelled meeting keeps
its row with state ``inställt`` rather than being deleted: its agenda and history stay readable.
Minnesanteckningar (bodies without formal decisions) keep a note per agenda point
(``agenda_item.notes``) and agreed actions as uppdrag that name their point
(``assignment.agenda_item_id``), so actions are reminded like any uppdrag.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series_id", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("notice_sent_at", storage.types.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_meeting_series_id"), ["series_id"], unique=False)
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agenda_item_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_assignment_agenda_item_id_agenda_item"), "agenda_item",
                                    ["agenda_item_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_assignment_agenda_item_id_agenda_item"), type_="foreignkey")
        batch_op.drop_column("agenda_item_id")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_column("notes")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_series_id"))
        batch_op.drop_column("notice_sent_at")
        batch_op.drop_column("series_id")
