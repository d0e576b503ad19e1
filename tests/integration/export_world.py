"""The data the export tests read: seed 000 justerad, an extra meeting, assignments, a secret §.

Built through the terminal chat (the way a secretary would), on the SQLite file of the
``services`` fixture, so the CLI processes and the HTTP server read the same database.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import seed_path
from tests.scenarios.protocol_scripts import seed_000_protocol_script
from tests.scenarios.seed_scripts import SECRETARY

SECRET_TEXT = "placera barnet i familjehem"


def build_world(chat, clock) -> None:  # type: ignore[no-untyped-def]
    """Seed 000 recorded and justerad, plus a later meeting, two assignments and a confidential §."""
    lines = seed_000_protocol_script(seed_path("000")) + [
        "samverkan medlem lägg till Mikael Johansson som ordförande",
        "samverkan medlem lägg till Lina Lindman som justerare",
        "mote ny 2022-05-18",
        f"beslut registrera § 20 Enskilt ärende sekretess möte 2022-03-30: att {SECRET_TEXT}",
        "uppdrag ny Marita Westin: sammanställa enkätsvaren senast 2022-04-29 kl. 12",
    ]
    for line in lines:
        out = chat(line, user=SECRETARY)
        assert "✗" not in out, (line, out)
    assert "✓" in chat("uppdrag klar 1", user=SECRETARY)
    clock.set(datetime(2022, 4, 4, 10, 0, tzinfo=UTC))
    assert "✓" in chat("protokoll klart 2022-03-30", user=SECRETARY)
    clock.set(datetime(2022, 4, 4, 11, 0, tzinfo=UTC))
    assert "är justerat" in chat("protokoll justera 2022-03-30", user="Lina Lindman")
