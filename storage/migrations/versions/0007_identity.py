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
    # Agenda items written before the visibility rule may carry a sekretess task and dnr: mask them.
    op.execute(sa.text(
        "UPDATE agenda_item SET case_id = NULL, title = 'Återrapportering: § ' || COALESCE(("
        " SELECT CAST(p.number AS VARCHAR(16)) FROM assignment a JOIN paragraph p ON p.id = a.paragraph_id"
        " WHERE a.id = agenda_item.source_assignment_id), '–') || ' Sekretess'"
        " WHERE source_assignment_id IN (SELECT a.id FROM assignment a JOIN paragraph p ON p.id = a.paragraph_id"
        " WHERE p.confidential = :yes)").bindparams(yes=True))
    _rebuild_dictionaries(op.get_bind())


def _rebuild_dictionaries(conn: sa.Connection) -> None:
    """Typo suggestions are shown to anyone: rebuild the word list of every tenant with sekretess §§
    from its other paragraphs only, so no word that only a secret text holds can be suggested."""
    from storage.search.text import fold, words

    tenants = [row[0] for row in conn.execute(sa.text(
        "SELECT DISTINCT tenant_id FROM paragraph WHERE confidential = :yes").bindparams(yes=True))]
    for tenant_id in tenants:
        conn.execute(sa.text("DELETE FROM search_word WHERE tenant_id = :t"), {"t": tenant_id})
        vocabulary: set[str] = set()
        rows = conn.execute(sa.text(
            "SELECT p.title, p.proposal, c.text FROM paragraph p LEFT JOIN clause c ON c.paragraph_id = p.id"
            " WHERE p.tenant_id = :t AND p.confidential = :no").bindparams(t=tenant_id, no=False))
        for title, proposal, clause in rows:
            vocabulary.update(words(fold(f"{title or ''} {proposal or ''} {clause or ''}")))
        kept = sorted(w for w in vocabulary if 3 <= len(w) <= 40 and not w.isdigit())
        if kept:
            conn.execute(sa.text("INSERT INTO search_word(tenant_id, word) VALUES (:t, :w)"),
                         [{"t": tenant_id, "w": w} for w in kept])


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint("uq_person_tenant_id_platform_alt_id", type_="unique")
        batch.drop_column("platform_alt_id")
