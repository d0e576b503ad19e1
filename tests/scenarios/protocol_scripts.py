"""The meeting of seed 000 as a secretary types it, with attendance, distribution and storage.

``seed_scripts.seed_000_script`` records § 19 on one line; the protocol also needs what the
seed's header, "Beslutet ska skickas till", "Beslutsunderlag" and Förvaringsplats say, so this
script types those too (read from the seed file where the seed has them).
"""

from __future__ import annotations

from pathlib import Path

from tests.scenarios.seed_scripts import BODY_000, seed_000_clauses, seed_000_script

DECISION_MAKERS = ("Mikael Johansson (S) (ordförande)", "Anna Arvidson (S) (vice ordförande)", "Lina Lindman (VF)")
OTHERS = ("Kent Ylvesson (skolchef)", "Marita Westin (verksamhetsplanerare)",
          "Ann-Christine Sundqvist Gunnar (utvecklingsledare)", "Kristina Kamsten (sekreterare)")
DISTRIBUTION = "Kent Ylvefson, skolchef"
DOCUMENTS = ("Tjänsteskrivelse ny samverkansmodell", "Förslag till resonemang och beslut av ny samverkansmodell")
INTRO = "Utbildningsnämndens arbetsutskott föreslår utbildningsnämnden besluta att"


def record_19(path: Path, *, replace: bool = False, clauses: list[str] | None = None) -> str:
    """§ 19 in the multi-line form, with intro, clauses, distribution and documents."""
    clauses = clauses or seed_000_clauses(path)
    lines = [f"beslut registrera § 19 Ny samverkansmodell i länet{' ersätt' if replace else ''}",
             "dnr: UTB 22/30", "möte: 2022-03-30", f"beslut: {INTRO}"]
    lines += [f"{i}. {c}" for i, c in enumerate(clauses, start=1)]
    lines += [f"skickas till: {DISTRIBUTION}", "underlag: " + "; ".join(DOCUMENTS)]
    return "\n".join(lines)


def seed_000_protocol_script(path: Path) -> list[str]:
    """Body, channel, meeting, justerare, attendance, § 19 in full, anslag routine and storage place."""
    setup = seed_000_script(path)[:-1]
    return setup + [
        "mote närvaro beslutande " + ", ".join(DECISION_MAKERS) + " möte 2022-03-30",
        "mote närvaro övriga " + ", ".join(OTHERS) + " möte 2022-03-30",
        record_19(path),
        "protokoll anslag nästa arbetsdag",
        "protokoll förvaring Centralarkivet Ånge",
    ]


__all__ = ["BODY_000", "seed_000_protocol_script", "record_19"]
