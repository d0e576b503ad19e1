"""Chat scripts built from the seed protocols, shared by the terminal, Slack and Teams tests.

The scripts read the clauses from the seed files themselves, so the tests record exactly what
the real protocol says (typos included) rather than a retyped copy.
"""

from __future__ import annotations

import re
from pathlib import Path

SECRETARY = "Kristina Kamsten"
BODY_000 = "Utbildningsnämndens arbetsutskott"


def seed_000_clauses(path: Path) -> list[str]:
    """The numbered decision clauses of § 19, as written in seed 000."""
    text = path.read_text(encoding="utf-8")
    block = text.split("**Beslut**", 1)[1].split("Sammanfattning", 1)[0]
    return [re.sub(r"^\d+\.\s*", "", line.strip()) for line in block.splitlines() if re.match(r"\s*\d+\.", line)]


def seed_000_script(path: Path) -> list[str]:
    """Set up the body and meeting of seed 000 and record its § 19 in one line."""
    clauses = seed_000_clauses(path)
    numbered = " ".join(f"{i}. {c}" for i, c in enumerate(clauses, start=1))
    return [
        f'samverkan organ ny "{BODY_000}" kort UTB typ arbetsutskott',
        f"samverkan kanal {BODY_000}",
        "mote ny 2022-03-30 kl. 13:00-14:30 plats Digitalt möte",
        "mote justerare Lina Lindman",
        f"beslut registrera § 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2022-03-30: {numbered}",
    ]


def seed_003_clauses(path: Path) -> list[str]:
    """The att-clauses of the first proposal block of seed 003 (to the schools)."""
    text = path.read_text(encoding="utf-8")
    block = text.split("Förslag till skolan att ta vidare i sin respektive kommun:", 1)[1]
    block = block.split("Förslag till socialtjänst och region", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("att ")]


def seed_003_script(path: Path) -> list[str]:
    """Record the decision proposal of seed 003 in the multi-line form (lines joined by newlines)."""
    clauses = seed_003_clauses(path)
    record = "beslut registrera Fortsatt arbete med samverkansmodellen möte 2022-03-15\nbeslut:\n" + "\n".join(clauses)
    return [
        'samverkan organ ny "Beredningsgruppen" kort BG typ beredningsgrupp',
        "samverkan kanal Beredningsgruppen",
        "mote ny 2022-03-15 kl. 9:00",
        record,
    ]
