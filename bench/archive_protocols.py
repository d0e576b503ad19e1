"""Import speed: generated text protocols in the seeds' format, imported like ``samverkan import``.

The protocols carry what makes the parser and the importer work (header table, justering,
anslag, §§ with dnr, att-clauses with deadlines, distribution list, page furniture), so the
timing covers the whole path: read → normalise → parse → store_paragraphs → index, one
transaction per file.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.archive_vocabulary import CLAUSES, PLACES, STANDING, WHO, title_for

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
