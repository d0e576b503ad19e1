"""Bulk-loading a generated archive of N paragraphs straight into SQLite.

Going through store_paragraph would take hours for a million paragraphs, and the lookup
benchmark measures reading, not writing; so rows are written with executemany in the schema the
migrations created, and the FTS index and word dictionary are filled in the same pass with
exactly the folded text ``storage.search.index`` would write. Memory stays flat: rows are
generated and written in batches.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field

from bench.archive_vocabulary import (
    BODY_KINDS,
    CLAUSES,
    PLACES,
    STANDING,
    WHO,
    compound,
    place_code,
    title_for,
)
from storage.search.text import fold, words

YEARS = range(2005, 2025)
MEETINGS_PER_YEAR = 10
BATCH = 20_000
NOW = "2025-01-01 00:00:00.000000"


@dataclass
class Archive:
    """What the queries need to know about the generated data (kept small: samples, not rows)."""

    tenant_id: int = 1
    bodies: list[tuple[int, str, str]] = field(default_factory=list)  # id, name, dnr prefix
    cases: list[tuple[str, int, int, int, str]] = field(default_factory=list)  # prefix, year, n, number, title
    numbered: list[tuple[int, int, int, str]] = field(default_factory=list)  # body id, year, number, title
    titles: list[tuple[int, str, str]] = field(default_factory=list)  # paragraph id, title, place
    paragraphs: int = 0


def load(path: str, *, paragraphs: int, seed: int = 11) -> Archive:
    """Fill the migrated SQLite file at ``path`` with ``paragraphs`` paragraphs."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    archive = Archive()
    conn.execute("INSERT INTO tenant(id, platform, external_id, name, created_at) VALUES (1, 'console', 'local', "
                 "'Lokal terminal', ?)", (NOW,))
    for index, place in enumerate(PLACES):
        for kind, code in BODY_KINDS:
            body_id = len(archive.bodies) + 1
            prefix = code + place_code(index)
            archive.bodies.append((body_id, f"{kind} i {place}", prefix))
    conn.executemany("INSERT INTO body(id, tenant_id, name, short_name, kind, is_public, settings, created_at) "
                     "VALUES (?, 1, ?, ?, 'nämnd', 0, '{}', ?)", [(b, n, p, NOW) for b, n, p in archive.bodies])
    conn.executemany("INSERT INTO channel_binding(tenant_id, body_id, platform, channel_id, name, settings, created_at) "
                     "VALUES (1, ?, 'console', ?, ?, '{}', ?)", [(b, f"kanal-{b}", f"kanal-{b}", NOW)
                                                                 for b, _, _ in archive.bodies])
    per_year = max(1, -(-paragraphs // (len(archive.bodies) * len(YEARS))))
    vocabulary: set[str] = set()
    for batch in _batches(_rows(archive, rng=rng, per_year=per_year, limit=paragraphs)):
        _write(conn, batch, vocabulary)
    conn.executemany("INSERT OR IGNORE INTO search_word(tenant_id, word) VALUES (1, ?)",
                     [(w,) for w in vocabulary if 3 <= len(w) <= 40 and not w.isdigit()])
    conn.execute("INSERT INTO paragraph_fts(paragraph_fts) VALUES ('optimize')")
    conn.commit()  # no ANALYZE: a deployment has no statistics either, so the indexes must carry the plans
    conn.close()
    return archive


def _rows(archive: Archive, *, rng: random.Random, per_year: int, limit: int) -> Iterator[dict[str, object]]:
    paragraph_id = meeting_id = 0
    for year in YEARS:
        for body_id, name, prefix in archive.bodies:
            place = name.rsplit(" i ", 1)[-1]
            for number in range(1, per_year + 1):
                if paragraph_id >= limit:
                    return
                if (number - 1) % (per_year // MEETINGS_PER_YEAR or 1) == 0:
                    meeting_id += 1
                    month = min(12, 1 + (number - 1) * 12 // per_year)
                    yield {"meeting": (meeting_id, body_id, f"{year}-{month:02d}-15 12:00:00.000000")}
                paragraph_id += 1
                standing = (number - 1) % 20 < 3
                title = rng.choice(STANDING) if standing else title_for(rng, place=place, year=year)
                dnr = None if standing or rng.random() < 0.3 else (prefix, year, paragraph_id % 100_000 + number)
                clauses = [rng.choice(CLAUSES).format(who=rng.choice(WHO), subject=title.lower(), body=name,
                                                      day=f"{rng.randrange(1, 29)}/{rng.randrange(1, 13)}")
                           for _ in range(rng.randrange(1, 3))]
                clauses[0] += f" med hänsyn till {compound(rng)}"
                if rng.random() < 0.001 and len(archive.cases) < 5000 and dnr:
                    archive.cases.append((*dnr, number, title))
                if rng.random() < 0.001 and len(archive.numbered) < 5000:
                    archive.numbered.append((body_id, year, number, title))
                if not standing and rng.random() < 0.002 and len(archive.titles) < 5000:
                    archive.titles.append((paragraph_id, title, place))
                archive.paragraphs = paragraph_id
                yield {"paragraph": (paragraph_id, body_id, meeting_id, year, number, title), "dnr": dnr,
                       "clauses": clauses}


def _batches(rows: Iterator[dict[str, object]]) -> Iterator[list[dict[str, object]]]:
    batch: list[dict[str, object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(conn: sqlite3.Connection, batch: list[dict[str, object]], vocabulary: set[str]) -> None:
    meetings, paragraphs, cases, clauses, fts = [], [], [], [], []
    for row in batch:
        if "meeting" in row:
            meeting_id, body_id, starts = row["meeting"]  # type: ignore[misc]
            meetings.append((meeting_id, body_id, starts, NOW))
            continue
        pid, body_id, meeting_id, year, number, title = row["paragraph"]  # type: ignore[misc]
        dnr = row["dnr"]
        written = f"{dnr[0]} {dnr[1] % 100:02d}/{dnr[2]}" if dnr else ""  # type: ignore[index]
        if dnr:
            cases.append((pid, f"{dnr[0]}:{dnr[1]}:{dnr[2]}", written, title, NOW))  # type: ignore[index]
        paragraphs.append((pid, body_id, meeting_id, year, number, title, pid if dnr else None, NOW, NOW))
        texts = row["clauses"]
        clauses.extend((pid, position, text, NOW) for position, text in enumerate(texts))  # type: ignore[arg-type]
        folded_title, folded_clauses = fold(title), fold(" ".join(texts))  # type: ignore[arg-type]
        fts.append((pid, folded_title, folded_clauses, fold(written)))
        vocabulary.update(words(f"{folded_title} {folded_clauses}"))
    conn.executemany("INSERT INTO meeting(id, tenant_id, body_id, starts_at, has_time, state, created_at) "
                     "VALUES (?, 1, ?, ?, 1, 'justerat', ?)", meetings)
    conn.executemany("INSERT INTO case_file(id, tenant_id, dnr_key, dnr_written, title, created_at) "
                     "VALUES (?, 1, ?, ?, ?, ?)", cases)
    conn.executemany("INSERT INTO paragraph(id, tenant_id, body_id, meeting_id, year, number, title, case_id, "
                     "distribution, documents, confidential, locked, extra, updated_at, created_at) "
                     "VALUES (?, 1, ?, ?, ?, ?, ?, ?, '[]', '[]', 0, 1, '{}', ?, ?)", paragraphs)
    conn.executemany("INSERT INTO clause(tenant_id, paragraph_id, position, text, created_at) VALUES (1, ?, ?, ?, ?)",
                     clauses)
    conn.executemany("INSERT INTO paragraph_fts(rowid, tenant, title, clauses, dnr) VALUES (?, 't1', ?, ?, ?)", fts)
