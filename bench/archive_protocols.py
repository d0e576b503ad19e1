"""Generated protocols for the import benchmarks: a quick speed run and an archive with truth.

``protocol_text`` / ``run_import_bench`` (used by bench/archive_lookup.py) time the import of
protocols in the seeds' format. ``write_archive`` makes a deterministic archive of protocols in
several layouts and numbering schemes, one file per meeting, with the truth of what each file
holds; ``main`` imports it like ``samverkan import`` and prints how much of the truth was kept.

Truth format (stable; later fields may be added, none removed or renamed) — ``truth.jsonl`` in
the archive folder, one JSON object per file, and the same as ``FileTruth`` objects::

    {"file": "webb/0042.txt",            # path relative to the archive folder
     "layout": "webb",                    # one of LAYOUTS
     "scheme": "möte",                    # per_år | möte | löpande | nummer_år | prefix — how §§ are numbered
     "body": "Socialnämnden i Skara",     # the body as the protocol names it
     "meeting_day": "2019-03-12",         # ISO date of the meeting
     "paragraphs": [{"label": "3",        # the number as written ("§ 73/10" → "73", "ONAU § 1" → "1")
                     "number": 3, "year": 2019,
                     "run": "möte 2019-03-12",   # "" when the number is unique in the body and year
                     "dnr": "SN:2019:77",        # the case key (handlers.parsing.dnr key) or null
                     "dnr_written": "Diarienummer 2019/SN 0077 001",
                     "title": "Uppföljning av hemlöshet i Skara"}]}

A § is identified by (body, year, run, number): the same key the importer's unique constraint uses.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.archive_vocabulary import BODY_KINDS, CLAUSES, PLACES, STANDING, WHO, place_code, title_for

HEADER = """Mötesdatum
{day}

{body}

Plats och tid\t{place} kl. 13:00-15:00
Beslutande ledamöter\t{members}
Övriga närvarande\t{others}
Utses att justera\t{adjuster}
Justeringens plats och tid\t{place} {adjusted} 10:00
Protokollet omfattar\t§{first}-{last}
ANSLAG/BEVIS\tProtokollet är justerat. Justeringen har tillkännagivits genom anslag.
Organ\t{body}
Sammanträdesdatum\t{day}
Datum för anslags- uppsättande\t{posted}\tDatum för anslags- nedtagande {taken}
"""
PARAGRAPH = """
§{number}

{title} ({dnr})**Beslut**

{body} beslutar att

{clauses}

Beslutet ska skickas till

{who}

Justerandes sign

Utdragsbestyrkande
"""
NAMES = ("Anna Arvidson (S)", "Mikael Johansson (S)", "Lina Lindman (VF)", "Per Nilsson (M)", "Eva Berg (C)",
         "Karin Ek (L)", "Johan Strömberg (KD)", "Maria Appelgren (MP)")


def protocol_text(rng: random.Random, *, index: int) -> str:
    """One protocol of 3–5 §§ for a random body and day."""
    place = rng.choice(PLACES)
    body = rng.choice((f"Utbildningsnämnden i {place}", f"Socialnämnden i {place}", f"Styrgrupp samverkan {place}"))
    day = date(2005, 1, 1) + timedelta(days=rng.randrange(20 * 365))
    members = rng.sample(NAMES, 4)
    first = 1 + rng.randrange(150)
    count = rng.randrange(3, 6)
    parts = [HEADER.format(day=day, body=body, place=place, members=" ".join(members), adjuster=members[2].split(" (")[0],
                           others="Kent Ylvesson (skolchef) Kristina Kamsten (sekreterare)", first=first,
                           last=first + count - 1, adjusted=day + timedelta(days=5), posted=day + timedelta(days=6),
                           taken=day + timedelta(days=28))]
    for number in range(first, first + count):
        title = rng.choice(STANDING) if number == first else title_for(rng, place=place, year=day.year)
        due = day + timedelta(days=rng.randrange(20, 200))
        clauses = "\n".join(
            f"{i}. " + rng.choice(CLAUSES).format(who=rng.choice(WHO), subject=title.lower(), body=body,
                                                   day=f"{due.day}/{due.month}")
            for i in range(1, rng.randrange(2, 4)))
        parts.append(PARAGRAPH.format(number=number, title=title, dnr=f"UTB {day.year % 100:02d}/{index % 900 + number}",
                                      body=body, clauses=clauses, who=f"{rng.choice(WHO)}, {place}"))
    return "\n".join(parts)


def run_import_bench(*, count: int, seed: int = 7, workers: int | None = None) -> dict[str, float]:
    """Write ``count`` protocols to a folder, import them into a fresh SQLite file, time the import.

    Goes through ``import_files`` like ``samverkan import`` (parse workers for a large batch unless
    ``workers=0``). ``cpu_seconds`` includes the workers' CPU, ``main_cpu_seconds`` is this process alone.
    """
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.console import CONSOLE_TENANT
    from handlers.archive.batch import collect_files, import_files, source_name_for
    from storage.migrate import upgrade

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="samverkan-import-bench-") as folder:
        root = Path(folder) / "protokoll"
        root.mkdir()
        for index in range(count):
            (root / f"{index:05d}.txt").write_text(protocol_text(rng, index=index), encoding="utf-8")
        url = f"sqlite:///{folder}/import.db"
        upgrade(url)
        services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=url),
                                  clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
        started, cpu, main_cpu = time.perf_counter(), _cpu_seconds(), time.process_time()
        paragraphs = failed = 0
        files = [(path, source_name_for(path, roots=[root])) for path in collect_files([root])]
        for result in import_files(services, tenant=CONSOLE_TENANT, files=files, workers=workers):
            paragraphs += result.paragraphs
            failed += result.status == "failed"
        elapsed = time.perf_counter() - started
        services.extras["engine"].dispose()
        used, main_used = _cpu_seconds() - cpu, time.process_time() - main_cpu
    return {"files": count, "paragraphs": paragraphs, "failed": failed, "seconds": elapsed, "cpu_seconds": used,
            "main_cpu_seconds": main_used}


def _cpu_seconds() -> float:
    """CPU of this process and of its finished children (parse workers), user + system.

    Other sessions load this machine, so wall time is noisy; CPU time is what a change is judged by.
    """
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


LAYOUTS = ("tabell", "webb", "förening", "nummer_år", "prefix", "innehåll", "sidhuvud", "enrad")
"""Layouts of the archive: the seeds' table header, a municipal web copy, association minutes,
"§ 73/10" numbering, "ONAU § 1" labels, a table of contents before the items, PDF page headers
between the items, and a PDF text layer that gave each page as one line."""
_SCHEMES = {"tabell": "per_år", "webb": "möte", "förening": "löpande", "nummer_år": "nummer_år", "prefix": "prefix",
            "innehåll": "per_år", "sidhuvud": "per_år", "enrad": "löpande"}
_MONTHS = ("januari februari mars april maj juni juli augusti september oktober november december").split()
ARCHIVE_YEARS = range(2008, 2025)
MEETINGS_PER_YEAR = 6


@dataclass
class ParagraphTruth:
    """One § as a reader of the generated file finds it (see the module docstring)."""

    label: str
    number: int
    year: int
    run: str
    dnr: str | None
    dnr_written: str | None
    title: str


@dataclass
class FileTruth:
    """One generated protocol file and everything it holds."""

    file: str
    layout: str
    scheme: str
    body: str
    meeting_day: str
    paragraphs: list[ParagraphTruth] = field(default_factory=list)


def write_archive(folder: Path, *, paragraphs: int, seed: int = 13) -> list[FileTruth]:
    """Write protocols with ``paragraphs`` §§ in all (at least) under ``folder``, and ``truth.jsonl``.

    Deterministic for a given seed. Bodies cycle through the layouts, so every layout and numbering
    scheme is present in any archive of a few hundred §§ or more.
    """
    rng = random.Random(seed)
    bodies = [(f"{kind} i {place}", code + place_code(index), LAYOUTS[(index * len(BODY_KINDS) + k) % len(LAYOUTS)])
              for index, place in enumerate(PLACES) for k, (kind, code) in enumerate(BODY_KINDS)]
    truths: list[FileTruth] = []
    written = 0
    continuous = {name: 500 + rng.randrange(400) for name, _, _ in bodies}
    with (folder / "truth.jsonl").open("w", encoding="utf-8") as out:
        for year in ARCHIVE_YEARS:
            for name, prefix, layout in bodies:
                per_year = 0
                for meeting in range(MEETINGS_PER_YEAR):
                    if written >= paragraphs:
                        return truths
                    day = date(year, 1 + meeting * 2, 1 + rng.randrange(27))
                    count = rng.randrange(3, 9)
                    scheme = _SCHEMES[layout]
                    if scheme == "löpande":
                        first = continuous[name]
                        continuous[name] += count
                    elif scheme in ("möte", "prefix"):
                        first = 1
                    else:
                        first = per_year + 1
                    per_year += count
                    truth = FileTruth(file=f"{layout}/{len(truths):06d}.txt", layout=layout, scheme=scheme, body=name,
                                      meeting_day=day.isoformat())
                    restarts = scheme in ("möte", "prefix")
                    for offset in range(count):
                        number = first + offset
                        title = rng.choice(STANDING) if offset == 0 else title_for(rng, place=name.split(" i ")[-1],
                                                                                   year=year)
                        case = None if offset == 0 or rng.random() < 0.25 else (prefix, year, rng.randrange(1, 999))
                        run = f"möte {day.isoformat()}" if restarts and (scheme == "möte" or meeting > 0) else ""
                        truth.paragraphs.append(ParagraphTruth(
                            label=str(number), number=number, year=year, run=run,
                            dnr=f"{case[0]}:{case[1]}:{case[2]}" if case else None,
                            dnr_written=_dnr_written(layout, case) if case else None, title=title))
                    (folder / truth.file).parent.mkdir(parents=True, exist_ok=True)
                    (folder / truth.file).write_text(_render(truth, rng=rng), encoding="utf-8")
                    out.write(json.dumps(asdict(truth), ensure_ascii=False) + "\n")
                    truths.append(truth)
                    written += count
    return truths


def read_truth(folder: Path) -> list[FileTruth]:
    """The truth ``write_archive`` wrote into ``folder``."""
    truths = []
    for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        data["paragraphs"] = [ParagraphTruth(**p) for p in data["paragraphs"]]
        truths.append(FileTruth(**data))
    return truths


def _dnr_written(layout: str, case: tuple[str, int, int]) -> str:
    prefix, year, number = case
    return {"tabell": f"{prefix} {year % 100:02d}/{number}", "webb": f"Diarienummer {year}/{prefix} {number:04d} 001",
            "förening": f"Dnr {prefix} {year}/{number}", "nummer_år": f"Dnr {prefix} {year}/{number}",
            "prefix": f"{prefix}/{year}:{number} - 001", "innehåll": f"{prefix} {year}/{number}",
            "sidhuvud": f"Dnr {prefix}-{year}-{number}", "enrad": f"Dnr {prefix} {year}/{number}"}[layout]


def _label(truth: FileTruth, item: ParagraphTruth) -> str:
    if truth.layout == "nummer_år":
        return f"§ {item.number}/{item.year % 100:02d}"
    if truth.layout == "prefix":
        return f"{truth.body.split()[0][:4].upper()} § {item.number}"
    if truth.layout == "tabell":
        return f"§{item.number}"
    return f"§ {item.number}"


def _render(truth: FileTruth, *, rng: random.Random) -> str:
    """The protocol text of ``truth`` in its layout."""
    day = date.fromisoformat(truth.meeting_day)
    items = truth.paragraphs
    decision = "Beslut\n\n" + "\n".join(
        "att " + rng.choice(CLAUSES).format(who=rng.choice(WHO), subject="ärendet", body=truth.body,
                                             day=f"{rng.randrange(1, 29)}/{rng.randrange(1, 13)}")
        for _ in range(rng.randrange(1, 3)))
    if truth.layout == "webb":
        town = truth.body.split(" i ")[-1]
        head = (f"Din position: Hem > {town} kommun > {truth.body} > Sammanträde {day}\n\nSammanträde {day}\n\n"
                f"Datum\nKlockan\n18:00\nPlats\nKommunhuset\n")
        body = [f"{i.number} {i.title}\n\n" + (f"{i.dnr_written}\n\n" if i.dnr_written else "")
                + f"{truth.body.split(' i ')[0]}s förslag till beslut\n- Informationen noteras." for i in items]
        return head + "\n\n" + "\n\n".join(body) + "\n"
    if truth.layout == "förening" or truth.layout == "enrad":
        head = (f"Protokoll fört vid möte med {truth.body} den {day.day} {_MONTHS[day.month - 1]} {day.year}\n\n"
                f"Närvarande\nAnna Berg X\nErik Lund X, §§ {items[0].number}-{items[-1].number}\n")
    else:
        head = (f"Protokoll\n{truth.body}\nSammanträdesdatum {day}\n\nPlats och tid\tKommunhuset kl. 13:00-15:00\n"
                f"Justeringens plats och tid\tKommunhuset {day + timedelta(days=6)}\n"
                f"Paragrafer\t{items[0].number}-{items[-1].number}\n")
    if truth.layout == "innehåll":
        head += "\nInnehållsförteckning\n" + "\n".join(
            f"{_label(truth, i)} {i.title}" for i in items) + "\n"
    parts = []
    for position, item in enumerate(items):
        dnr = f" ({item.dnr_written})" if item.dnr_written and truth.layout == "tabell" else ""
        under = f"\n\n{item.dnr_written}" if item.dnr_written and truth.layout != "tabell" else ""
        text = f"{_label(truth, item)} {item.title}{dnr}{under}\n\n{decision}"
        if truth.layout == "sidhuvud" and position:
            text = f"SAMMANTRÄDESPROTOKOLL\nSida {position + 1} av {len(items) + 1}\n{truth.body}\n{day}\n\n" + text
        parts.append(text)
    page = head + "\n\n" + "\n\n".join(parts) + "\n\nJusterandes sign\n"
    return " ".join(page.split()) + "\n" if truth.layout == "enrad" else page


def measure_archive(services, *, folder: Path, truths: list[FileTruth],  # type: ignore[no-untyped-def]
                    workers: int | None = None) -> dict[str, float]:
    """Import ``folder`` like ``samverkan import`` and compare what was stored with the truth."""
    from sqlalchemy import select

    from bot.console import CONSOLE_TENANT
    from handlers.archive.batch import import_files
    from storage.models import Body, Case, Paragraph

    files = [(folder / t.file, t.file) for t in truths]
    started, cpu = time.perf_counter(), _cpu_seconds()
    results = list(import_files(services, tenant=CONSOLE_TENANT, files=files, workers=workers))
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    kept = {"§": 0, "dnr": 0}
    wanted = {"§": 0, "dnr": 0}
    failed = 0
    with services.sessions() as session:
        for truth, result in zip(truths, results, strict=True):
            failed += result.status == "failed"
            rows = session.execute(select(Paragraph.number, Paragraph.extra, Case.dnr_key).outerjoin(
                Case, Case.id == Paragraph.case_id).where(Paragraph.source_document_id == result.source_document_id)
            ).all() if result.source_document_id else []
            numbers = [n if n is not None else int((extra or {}).get("number_written", -1)) for n, extra, _ in rows]
            keys = [key for _, _, key in rows if key]
            for item in truth.paragraphs:
                wanted["§"] += 1
                if item.number in numbers:
                    numbers.remove(item.number)
                    kept["§"] += 1
                if item.dnr:
                    wanted["dnr"] += 1
                    if item.dnr in keys:
                        keys.remove(item.dnr)
                        kept["dnr"] += 1
        bodies = len(session.scalars(select(Body.id)).all())
    return {"files": len(truths), "paragraphs": wanted["§"], "kept_paragraphs": kept["§"], "dnr": wanted["dnr"],
            "kept_dnr": kept["dnr"], "failed": failed, "seconds": seconds, "cpu_seconds": cpu, "bodies": bodies,
            "real_bodies": len({t.body for t in truths})}


def run_archive_bench(*, paragraphs: int, seed: int = 13, database_url: str | None = None,
                      workers: int | None = None) -> dict[str, float]:
    """Generate the archive, import it into SQLite (or ``database_url``, migrated first), measure."""
    from bot.bootstrap import build_services
    from bot.config import Settings
    from storage.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="samverkan-archive-bench-") as name:
        folder = Path(name)
        truths = write_archive(folder, paragraphs=paragraphs, seed=seed)
        url = database_url or f"sqlite:///{folder}/arkiv.db"
        upgrade(url)
        services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=url),
                                  clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
        try:
            outcome = measure_archive(services, folder=folder, truths=truths, workers=workers)
        finally:
            services.extras["engine"].dispose()
    return outcome


@contextmanager
def fresh_postgres(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of ``server_url`` for one run (dropped afterwards)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"samverkan_bench_{os.getpid()}_{int(time.time())}"
    admin = create_engine(make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def peak_rss_mb() -> float:
    """Peak resident memory of this process and of its finished children (parse workers), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, kB on Linux
    return max(own, children) * scale / 1e6


def main() -> int:
    """``make bench``: the archive import keeps ≥ 99 % of § and dnr; PostgreSQL ≤ 1.2 × SQLite when given."""
    import logging

    logging.disable(logging.WARNING)
    paragraphs = int(os.environ.get("BENCH_ARCHIVE_PARAGRAPHS", "100000"))
    outcome = run_archive_bench(paragraphs=paragraphs)
    missed = _report("SQLite", outcome)
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    if postgres:
        with fresh_postgres(postgres) as url:
            pg = run_archive_bench(paragraphs=paragraphs, database_url=url)
        missed += _report("PostgreSQL", pg)
        ratio = pg["seconds"] / max(outcome["seconds"], 1e-9)
        print(f"PostgreSQL/SQLite: {ratio:.2f} × (mål ≤ 1,2)")
        missed += ratio > 1.2
    print(f"Minne (RSS, högsta): {peak_rss_mb():.0f} MB")
    return 1 if missed else 0


def _report(engine: str, outcome: dict[str, float]) -> int:
    share = outcome["kept_paragraphs"] / max(1, outcome["paragraphs"])
    dnr = outcome["kept_dnr"] / max(1, outcome["dnr"])
    print(f"Arkivimport ({engine}): {outcome['files']:,.0f} filer, {len(LAYOUTS)} layouter, "
          f"{outcome['paragraphs']:,.0f} § på {outcome['seconds']:.0f} s (CPU i importen {outcome['cpu_seconds']:.0f} s); "
          f"§ kvar {share:.2%}, dnr kvar {dnr:.2%} (mål ≥ 99 %); {outcome['failed']:.0f} misslyckade; "
          f"organ {outcome['bodies']:.0f} för {outcome['real_bodies']:.0f} verkliga", flush=True)
    return int(share < 0.99 or dnr < 0.99)
