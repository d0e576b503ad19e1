"""The terminal chat answers help from the registry, and piped input exits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from handlers import registry


def test_help_lists_every_registry_command(chat) -> None:  # type: ignore[no-untyped-def]
    out = chat("hjälp")
    for spec in registry.COMMANDS:
        assert spec.slash in out


def test_help_for_one_command_shows_usage(chat) -> None:  # type: ignore[no-untyped-def]
    out = chat("/samverkan hjälp beslut")
    assert "Användning" in out and "/beslut UTB 22/30" in out


def test_unknown_command_suggests(chat) -> None:  # type: ignore[no-untyped-def]
    out = chat("beslutt UTB 22/30")
    assert "Menade du /beslut?" in out


def test_piped_help_prints_list_and_exits_zero(tmp_path: Path) -> None:
    env = dict(os.environ, SAMVERKAN_DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}")
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], cwd=tmp_path, env=env, check=True,
                   capture_output=True, timeout=120)
    done = subprocess.run([sys.executable, "-m", "bot", "chat"], input="hjälp\n", text=True, cwd=tmp_path,
                          env=dict(env, PYTHONPATH=str(root)), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # the terminal's own form: bare words, as typed at its prompt (issue 17)
    assert "beslut – Beslut" in done.stdout and "uppdrag – Uppdrag" in done.stdout and "/beslut" not in done.stdout


def test_help_topic_is_help_not_the_command(chat) -> None:  # type: ignore[no-untyped-def]
    for line in ("hjälp uppdrag", "/hjälp uppdrag", "samverkan hjälp uppdrag", "/samverkan uppdrag mina"):
        out = chat(line)
        if "mina" in line:
            assert "Mina uppdrag" in out
        else:
            assert "Användning" in out and "/uppdrag ny" in out, (line, out)


def test_quick_reads_are_only_lookups_and_listings() -> None:
    reads = ["UTB 22/30", "§ 19", "samverkansmodell", ""]
    assert all(registry.is_quick_read(command="beslut", text=t) for t in reads)
    assert not registry.is_quick_read(command="beslut", text="registrera § 1 Budget: att godkänna")
    assert not registry.is_quick_read(command="beslut", text="rätta § 1 2022: att x")
    assert registry.is_quick_read(command="uppdrag", text="mina")
    assert not registry.is_quick_read(command="uppdrag", text="klar 3")
    assert not registry.is_quick_read(command="uppdrag", text="ny skolchef: x")
    assert registry.is_quick_read(command="dagordning", text="2025-03-30")
    assert not registry.is_quick_read(command="dagordning", text="lägg till Budget")
    assert not registry.is_quick_read(command="protokoll", text="")  # renders a protocol: may be slow
    assert not registry.is_quick_read(command="okänt", text="")
