"""Lookup at scale: N generated paragraphs (default 1,000,000), timed through the real handler.

Measured in one run, on one SQLite file: every kind of query people type — diarienummer in
thirteen spellings, without a register, year first; § with a year, as number/year, with the
meeting's date; free words with a typo, without å/ä/ö, a compound written apart, two words written
as one; a dnr that does not exist — each timed through ``handlers.dispatch.dispatch`` with a
terminal invocation, with its pass rate against the generator's truth. Beside each kind, the bare
SQLite peer on the same file: the one indexed statement (or FTS5 MATCH) a careful hand-written
build would run, and the ratio. Then the process's peak memory, and the import of generated text
protocols. Sizes: BENCH_PARAGRAPHS, BENCH_QUERIES (per kind), BENCH_PROTOCOLS (0 skips the import).

Second, the lookups on an *imported* archive (issue #22): bench.archive_protocols writes protocols
in every layout and numbering scheme with their truth, they are imported like ``samverkan
import``, and each § of the truth is asked for the ways people ask — § with year, number/year,
label, meeting date; dnr with and without register, year first — with the same peer beside it.
Size: BENCH_LOOKUP_ARCHIVE_PARAGRAPHS (default 100,000; 0 skips it).
"""

from __future__ import annotations

import logging
import os
import random
import resource
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.archive_load import Archive, load
from bench.archive_stats import percentiles
from bench.archive_vocabulary import spell_dnr, typo
from storage.search.text import fold
from storage.search.text import words as folded_words

TARGETS = {"exact": 1.0, "fritext": 10.0}  # ms: p99 for dnr and §, p95 for free words
PASS_GOAL = 0.995
TOP3_GOAL = 0.999
MEMORY_LIMIT_MB = 300


@dataclass(frozen=True)
class Query:
    """One query as typed, where, how to tell a right answer, and the peer's statement for it."""

    line: str
    channel: str
    right: Callable[[str], bool]
    peer: Callable[[sqlite3.Connection], bool]


def main() -> int:
    """Run the whole benchmark; returns 1 when a target is missed."""
    logging.disable(logging.WARNING)
    paragraphs = int(os.environ.get("BENCH_PARAGRAPHS", "1000000"))
    queries = int(os.environ.get("BENCH_QUERIES", "1000"))
    protocols = int(os.environ.get("BENCH_PROTOCOLS", "10000"))
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as folder:
        path = Path(folder) / "arkiv.db"
        from storage.migrate import upgrade

        upgrade(f"sqlite:///{path}")
        started = time.perf_counter()
        archive = load(str(path), paragraphs=paragraphs)
        print(f"Genererade {archive.paragraphs:,} paragrafer i {time.perf_counter() - started:.0f} s "
              f"({path.stat().st_size / 1e6:,.0f} MB på disk)", flush=True)
        missed = run_lookups(path, archive=archive, queries=queries)
    truth_paragraphs = int(os.environ.get("BENCH_LOOKUP_ARCHIVE_PARAGRAPHS", "100000"))
    if truth_paragraphs:
        missed += run_truth_lookups(paragraphs=truth_paragraphs, queries=queries)
    if protocols:
        from bench.archive_protocols import run_import_bench

        outcome = run_import_bench(count=protocols)
        per_file = outcome["seconds"] / max(1, outcome["files"]) * 1000
        print(f"Import: {outcome['files']:,} protokoll ({outcome['paragraphs']:,} §, {outcome['failed']} misslyckade) "
              f"på {outcome['seconds']:.1f} s ({per_file:.1f} ms/fil; mål ≤ 60 s för 10 000); "
              f"CPU {outcome['cpu_seconds']:.1f} s varav huvudprocessen {outcome['main_cpu_seconds']:.1f} s")
        missed += outcome["seconds"] * 10_000 / max(1, outcome["files"]) > 60
    return 1 if missed else 0


def run_lookups(path: Path, *, archive: Archive, queries: int, seed: int = 5) -> int:
    """Every query kind through the handler and through the bare peer; prints the table, returns misses."""
    rng = random.Random(seed)
    services = _services(path)
    _ask(services, "beslut UTB 22/30", channel="allmänt")  # warm-up: imports, tenant, person
    for body_id, _, _ in archive.bodies:  # and each channel's binding, as on a running server
        _ask(services, "beslut § 1 2005", channel=f"kanal-{body_id}")
    peer = sqlite3.connect(path)
    days = _meeting_days(peer, archive)
    kinds = _kinds(archive, days=days, peer=peer)
    missed = 0
    for kind, (_, p95, p99, share) in _measure(services, peer, kinds, rng=rng, queries=queries,
                                                heading="Fråga").items():
        missed += share < PASS_GOAL
        if kind.startswith(("dnr", "§")):
            missed += p99 > TARGETS["exact"]
        if kind == "fritext, stavfel":
            missed += p95 > TARGETS["fritext"]
    missed += _top3(services, archive=archive, rng=rng, queries=queries)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Toppminne (ru_maxrss) {peak_mb:.0f} MB (mål ≤ {MEMORY_LIMIT_MB} MB); mål: dnr och § p99 ≤ "
          f"{TARGETS['exact']:g} ms, fritext p95 ≤ {TARGETS['fritext']:g} ms, rätt ≥ {PASS_GOAL:.1%} per slag",
          flush=True)
    missed += peak_mb > MEMORY_LIMIT_MB
    peer.close()
    services.extras["engine"].dispose()
    return missed



def _measure(services, peer: sqlite3.Connection, kinds, *, rng: random.Random, queries: int,  # type: ignore[no-untyped-def]
             heading: str) -> dict[str, tuple[float, float, float, float]]:
    """Ask each kind's queries through the chat handler and the bare FTS5 peer, print a row per kind
    (ours, the peer's, the ratio) and return p50, p95, p99 and the share answered right per kind."""
    print(f"{heading:<22}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'CPU p50':>9}{'rätt':>9}  "
          f"{'peer p50':>9}{'peer p99':>9}{'peer rätt':>10}{'p50 ×':>8}{'p99 ×':>8}", flush=True)
    figures: dict[str, tuple[float, float, float, float]] = {}
    for kind, make in kinds.items():
        ours, cpu, theirs, right, peer_right = [], [], [], 0, 0
        for _ in range(queries):
            query = make(rng)
            ms, used, out = _ask_cpu(services, f"beslut {query.line}", channel=query.channel)
            ours.append(ms)
            cpu.append(used)
            right += query.right(out)
            started = time.perf_counter()
            peer_right += query.peer(peer)
            theirs.append((time.perf_counter() - started) * 1000)
        p50, p95, p99 = percentiles(ours)
        q50, _, q99 = percentiles(theirs)
        share = right / queries
        print(f"{kind:<22}{p50:>9.2f}{p95:>9.2f}{p99:>9.2f}{percentiles(cpu)[0]:>9.2f}{share:>9.1%}  {q50:>9.3f}{q99:>9.3f}"
              f"{peer_right / queries:>10.1%}{p50 / max(q50, 1e-6):>8.0f}{p99 / max(q99, 1e-6):>8.0f}", flush=True)
        figures[kind] = (p50, p95, p99, share)
    return figures

def _kinds(archive: Archive, *, days: dict[tuple[int, int, int], str],
           peer: sqlite3.Connection) -> dict[str, Callable[[random.Random], Query]]:
    """Each kind of query: how to make one from the archive's truth, and what answers it."""

    def shown(number: int, title: str) -> Callable[[str], bool]:
        """The § in full, or a line of a list naming it."""
        return lambda out: f"§ {number} {title}" in out or any(
            line.lstrip().startswith(f"§ {number} – ") and f" – {title}" in line for line in out.splitlines())

    def dnr(spell: Callable[[str, int, int, random.Random], str]) -> Callable[[random.Random], Query]:
        def make(rng: random.Random) -> Query:
            prefix, year, n, number, title = rng.choice(archive.cases)
            key = f"{prefix}:{year}:{n}"
            return Query(spell(prefix, year, n, rng), "allmänt", shown(number, title),
                         lambda conn: _peer_dnr(conn, key=key, number=number))
        return make

    def paragraph(spell: Callable[[int, int, str], str], *, with_day: bool) -> Callable[[random.Random], Query]:
        def make(rng: random.Random) -> Query:
            body_id, year, number, title = rng.choice(archive.numbered)
            day = days[(body_id, year, number)]
            return Query(spell(number, year, day), f"kanal-{body_id}", shown(number, title),
                         lambda conn: _peer_paragraph(conn, body_id=body_id, year=year, number=number, day=day,
                                                      with_day=with_day, title=title))
        return make

    def free(shape: Callable[[list[str], random.Random], list[str]]) -> Callable[[random.Random], Query]:
        def make(rng: random.Random) -> Query:
            words, meant = _title_words(archive, rng=rng)
            typed = " ".join(shape(words, rng)).lower()
            return Query(typed, "allmänt", lambda out: _answered(out, meant),
                         lambda conn: _peer_words(conn, typed=typed, meant=meant))
        return make

    def missing(rng: random.Random) -> Query:
        prefix = rng.choice(archive.bodies)[2]
        line = f"{prefix} {rng.randrange(2005, 2025)}/{rng.randrange(200_000, 900_000)}"
        return Query(line, "allmänt", lambda out: "Jag hittar inget ärende" in out and "träffar" not in out,
                     lambda conn: _peer_missing(conn, line=line))

    return {
        "dnr, 13 stavningar": dnr(lambda p, y, n, rng: spell_dnr(p, y, n, rng=rng)),
        "dnr, år först": dnr(lambda p, y, n, rng: f"{y}/{p} {n:04d}"),
        "dnr utan register": dnr(lambda p, y, n, rng: f"{y}/{n}"),
        "dnr, mellanslag": dnr(lambda p, y, n, rng: f"{p.lower()} {y} – {n:05d}"),
        "§ år": paragraph(lambda n, y, d: f"§ {n} {y}", with_day=False),
        "§ nummer/år": paragraph(lambda n, y, d: f"§ {n}/{y % 100:02d}", with_day=False),
        "§ i protokollet från": paragraph(lambda n, y, d: f"§ {n} i protokollet från {d}", with_day=True),
        "dnr som inte finns": missing,
        "fritext, stavfel": free(_with_typo),
        "fritext, utan åäö": free(lambda words, rng: [fold(w) for w in words]),
        "fritext, isär": free(_split_one),
        "fritext, ihop": free(_join_two),
    }


def _services(path: Path):  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from bot.config import Settings

    return build_services(settings=Settings(SAMVERKAN_DATABASE_URL=f"sqlite:///{path}"))


def _ask(services, line: str, *, channel: str) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    elapsed, _, out = _ask_cpu(services, line, channel=channel)
    return elapsed, out


def _ask_cpu(services, line: str, *, channel: str) -> tuple[float, float, str]:  # type: ignore[no-untyped-def]
    """Wall ms, CPU ms of this thread, and the rendered answer of one query through ``dispatch``.

    The CPU time is what the code costs; the wall time adds whatever else the machine is doing.
    """
    from bot.console import invocation_for
    from bot.render_text import render_text
    from handlers.dispatch import dispatch

    started, cpu = time.perf_counter(), time.thread_time()
    reply = dispatch(invocation_for(line, user="Bänkare", channel=channel), services=services)
    elapsed, used = (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000
    return elapsed, used, render_text(reply)


def _meeting_days(conn: sqlite3.Connection, archive: Archive) -> dict[tuple[int, int, int], str]:
    """The meeting day of each sampled § (the generator keeps (body, year, number); the day is in the file)."""
    days = {}
    for body_id, year, number, _ in archive.numbered:
        row = conn.execute("SELECT substr(m.starts_at, 1, 10) FROM paragraph p JOIN meeting m ON m.id = p.meeting_id "
                           "WHERE p.tenant_id = 1 AND p.body_id = ? AND p.year = ? AND p.number = ?",
                           (body_id, year, number)).fetchone()
        days[(body_id, year, number)] = row[0]
    return days


def _title_words(archive: Archive, *, rng: random.Random) -> tuple[list[str], set[str]]:
    """Two or three words of a real title, with the folded words a right answer's title holds."""
    _, title, _place = rng.choice(archive.titles)
    words = [w for w in title.replace("–", " ").split() if len(w) > 3]
    chosen = rng.sample(words, min(3, len(words)))
    return chosen, set(folded_words(" ".join(chosen)))


def _with_typo(words: list[str], rng: random.Random) -> list[str]:
    """The longest word mistyped, as people type in a hurry."""
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    return [typo(w, rng=rng) if i == longest else w for i, w in enumerate(words)]


def _split_one(words: list[str], rng: random.Random) -> list[str]:
    """The longest word written as two («samverkans modell»), split after its first half."""
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 8:
        return words
    cut = len(word) // 2
    return [*words[:longest], word[:cut], word[cut:], *words[longest + 1:]]


def _join_two(words: list[str], rng: random.Random) -> list[str]:
    """Two of the words written as one («kostnaderskolmat»); a year is not written into a word."""
    letters = [i for i, w in enumerate(words) if w.isalpha()]
    if len(letters) < 2:
        return words
    first, second = letters[0], letters[1]
    rest = [w for i, w in enumerate(words) if i not in (first, second)]
    return [words[first] + words[second], *rest]


def _answered(out: str, meant: set[str]) -> bool:
    """A result (one § or the first three of a list) whose title holds every word meant."""
    lines = [line for line in out.splitlines() if line.strip()][:4]
    return any(meant <= set(folded_words(line)) for line in lines)


def answers(title: str, meant: set[str]) -> bool:
    """True when ``title`` holds every word the query meant."""
    return meant <= set(folded_words(title))


def _top3(services, *, archive: Archive, rng: random.Random, queries: int) -> int:  # type: ignore[no-untyped-def]
    """Free words with a typo: the share with a right title among the search's first three hits."""
    from storage.models import Paragraph
    from storage.search import search_paragraphs

    right = 0
    with services.sessions() as session:
        for _ in range(queries):
            words, meant = _title_words(archive, rng=rng)
            hits = search_paragraphs(session, tenant_id=archive.tenant_id, query=" ".join(_with_typo(words, rng)),
                                     limit=3)
            right += any(answers(session.get(Paragraph, h.paragraph_id).title, meant) for h in hits)
    print(f"Fritext med stavfel, rätt rubrik bland de tre första: {right / queries:.2%} (mål ≥ {TOP3_GOAL:.1%})")
    return right / queries < TOP3_GOAL


# --- The bare peer: what a careful hand-written SQLite build runs for each kind ----------------------------------

def _peer_dnr(conn: sqlite3.Connection, *, key: str, number: int) -> bool:
    row = conn.execute("SELECT p.number FROM case_file c JOIN paragraph p ON p.case_id = c.id "
                       "WHERE c.tenant_id = 1 AND c.dnr_key = ?", (key,)).fetchone()
    return row is not None and row[0] == number


def _peer_paragraph(conn: sqlite3.Connection, *, body_id: int, year: int, number: int, day: str, with_day: bool,
                    title: str) -> bool:
    if with_day:
        row = conn.execute("SELECT p.title FROM paragraph p JOIN meeting m ON m.id = p.meeting_id WHERE p.tenant_id = 1 "
                           "AND p.body_id = ? AND p.number = ? AND m.starts_at >= ? AND m.starts_at < ?",
                           (body_id, number, day, day + "~")).fetchone()
    else:
        row = conn.execute("SELECT title FROM paragraph WHERE tenant_id = 1 AND body_id = ? AND year = ? AND number = ?",
                           (body_id, year, number)).fetchone()
    return row is not None and row[0] == title


def _peer_words(conn: sqlite3.Connection, *, typed: str, meant: set[str]) -> bool:
    """FTS5 over the typed words as prefixes, titles first, newest three: no dictionary, no correction."""
    terms = " AND ".join(f'"{w}"*' for w in folded_words(typed))
    rows = conn.execute("SELECT title FROM paragraph_fts WHERE paragraph_fts MATCH ? ORDER BY rowid DESC LIMIT 3",
                        (f"{{title dnr}}: ({terms})",)).fetchall()
    return any(answers(title, meant) for (title,) in rows)


def _peer_missing(conn: sqlite3.Connection, *, line: str) -> bool:
    prefix, rest = line.split(" ", 1)
    year, number = rest.split("/")
    return conn.execute("SELECT 1 FROM case_file WHERE tenant_id = 1 AND dnr_key = ?",
                        (f"{prefix}:{year}:{int(number)}",)).fetchone() is None


# --- Lookups on an imported archive with truth (issue #22) ------------------------------------------------------

def run_truth_lookups(*, paragraphs: int, queries: int, seed: int = 13) -> int:
    """Generate and import the archive with truth, then every query kind against it; returns misses."""
    from datetime import UTC, datetime

    from bench.archive_protocols import measure_archive, write_archive
    from bot.bootstrap import build_services
    from bot.config import Settings
    from storage.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="samverkan-lookup-archive-") as name:
        folder = Path(name)
        truths = write_archive(folder, paragraphs=paragraphs, seed=seed)
        path = folder / "arkiv.db"
        upgrade(f"sqlite:///{path}")
        services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=f"sqlite:///{path}"),
                                  clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
        outcome = measure_archive(services, folder=folder, truths=truths)
        print(f"Importerat arkiv med facit: {outcome['files']:,.0f} filer, {outcome['paragraphs']:,.0f} § "
              f"({outcome['kept_paragraphs'] / max(1, outcome['paragraphs']):.2%} kvar) på {outcome['seconds']:.0f} s",
              flush=True)
        services.extras["engine"].dispose()
        return _truth_kinds_report(path, truths=truths, queries=queries, seed=seed)


def _truth_kinds_report(path: Path, *, truths, queries: int, seed: int) -> int:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    services = _services(path)
    peer = sqlite3.connect(path)
    body_ids = dict(peer.execute("SELECT name, id FROM body WHERE tenant_id = 1"))
    items = [(t, p) for t in truths for p in t.paragraphs]
    with_dnr = [(t, p) for t, p in items if p.dnr]
    _ask(services, "beslut UTB 22/30", channel="allmänt")

    def shown(item) -> Callable[[str], bool]:  # type: ignore[no-untyped-def]
        return lambda out: f"§ {item.number} {item.title}" in out or any(
            line.lstrip().startswith(f"§ {item.number} – ") and f" – {item.title}" in line for line in out.splitlines())

    def by_number(form: Callable[..., str], *, schemes: tuple[str, ...] | None = None):  # type: ignore[no-untyped-def]
        pool = [(t, p) for t, p in items if schemes is None or t.scheme in schemes]

        def make(rng: random.Random) -> Query:
            truth, item = rng.choice(pool)
            day = datetime_day(truth.meeting_day)
            body_id = body_ids.get(truth.body, -1)
            return Query(f"{form(truth, item, day)} organ {truth.body}", "allmänt", shown(item),
                         lambda conn: _peer_paragraph(conn, body_id=body_id, year=item.year, number=item.number,
                                                      day=truth.meeting_day, with_day=True, title=item.title))
        return make

    def by_dnr(form: Callable[[str, int, int], str]):  # type: ignore[no-untyped-def]
        def make(rng: random.Random) -> Query:
            _, item = rng.choice(with_dnr)
            prefix, year, number = item.dnr.split(":")
            return Query(form(prefix, int(year), int(number)), "allmänt", shown(item),
                         lambda conn: _peer_dnr(conn, key=item.dnr, number=item.number))
        return make

    def as_written(rng: random.Random) -> Query:
        _, item = rng.choice(with_dnr)
        return Query(item.dnr_written, "allmänt", shown(item), lambda conn: _peer_dnr(conn, key=item.dnr,
                                                                                      number=item.number))

    kinds: dict[str, Callable[[random.Random], Query]] = {
        "§ i protokollet från": by_number(lambda t, i, d: f"§ {i.number} i protokollet från {d}"),
        "§ år (per år)": by_number(lambda t, i, d: f"§ {i.number} {i.year}", schemes=("per_år", "löpande")),
        "§ nummer/år": by_number(lambda t, i, d: f"§ {i.number}/{i.year % 100:02d}", schemes=("nummer_år",)),
        "§ med etikett": by_number(lambda t, i, d: f"{t.body.split()[0][:4].upper()} § {i.number} {d}",
                                   schemes=("prefix",)),
        "dnr som skrivet": as_written,
        "dnr utan register": by_dnr(lambda p, y, n: f"{y}/{n}"),
        "dnr, år först": by_dnr(lambda p, y, n: f"{y}/{p} {n:04d}"),
        "dnr, bindestreck": by_dnr(lambda p, y, n: f"{p}-{y}-{n:04d}"),
    }
    figures = _measure(services, peer, kinds, rng=rng, queries=queries, heading="Fråga (facit)")
    missed = sum(share < PASS_GOAL for _, _, _, share in figures.values())
    print(f"Toppminne (ru_maxrss) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
    peer.close()
    services.extras["engine"].dispose()
    return missed


def datetime_day(iso: str) -> str:
    """A meeting day as people write it in a question: «13 juli 2023»."""
    from datetime import date

    months = ("januari februari mars april maj juni juli augusti september oktober november december").split()
    day = date.fromisoformat(iso)
    return f"{day.day} {months[day.month - 1]} {day.year}"
