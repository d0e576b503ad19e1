"""Paragraphs whose diarienummer has a given year and number, in whatever register.

People ask for ``2014/757`` without the register («KS», «BUN») the case is filed under. The case
key (``KS:2014:757``) begins with the register, so its index cannot answer that; the dnr words in
the full-text index can: the paragraphs whose dnr holds both the number and the year are a handful,
and the caller keeps those whose case key really ends in ``:2014:757``.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from storage.models import Case, Paragraph

LIMIT = 200


def paragraphs_with_year_number(session: Session, *, tenant_id: int, year: int, number: int) -> list[int]:
    """Ids of the tenant's paragraphs filed under ``year``/``number`` in any register, newest first."""
    numbers = sorted({str(number), *(f"{number:0{width}d}" for width in (3, 4, 5, 6))})
    years = [str(year), f"{year % 100:02d}"]
    if session.get_bind().dialect.name == "sqlite":
        match = ("dnr: (" + " OR ".join(f'"{n}"' for n in numbers) + ") AND dnr: ("
                 + " OR ".join(f'"{y}"' for y in years) + ")")
        ids = list(session.scalars(text("SELECT rowid FROM paragraph_fts WHERE paragraph_fts MATCH :m "
                                        "ORDER BY rowid DESC LIMIT :n"), {"m": match, "n": LIMIT}))
    else:
        # PostgreSQL's parser keeps "2014/757" whole (a file path to it): ask for that token too.
        joined = [f"{y}/{n}" for y in years for n in numbers]
        tsquery = ("(" + " | ".join(f"'{t}':A" for t in joined) + ") | (("
                   + " | ".join(f"'{n}':A" for n in numbers) + ") & (" + " | ".join(f"'{y}':A" for y in years) + "))")
        ids = list(session.scalars(text(
            "SELECT paragraph_id FROM paragraph_search WHERE tenant_id = :t AND document @@ to_tsquery('simple', :q) "
            "ORDER BY paragraph_id DESC LIMIT :n"), {"t": tenant_id, "q": tsquery, "n": LIMIT}))
    if not ids:
        return []
    tail = f":{year}:{number}"
    kept = set(session.scalars(
        select(Paragraph.id).join(Case, Case.id == Paragraph.case_id)
        .where(Paragraph.id.in_(ids), Paragraph.tenant_id == tenant_id, Case.dnr_key.endswith(tail))))
    return [pid for pid in ids if pid in kept]
