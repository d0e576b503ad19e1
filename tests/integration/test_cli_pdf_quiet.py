"""No English library log reaches the user: a protocol PDF made and read back through the CLI prints
nothing from fontTools (it narrates every font it subsets) or pypdf (it warns about each PDF it
has to repair) — unless the operator asks for the DEBUG log."""

from __future__ import annotations

from pathlib import Path

from tests.cli_runner import run

CHAT = "\n".join([
    '/samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB typ arbetsutskott',
    '/samverkan kanal "Utbildningsnämndens arbetsutskott"',
    "/mote ny 2025-03-26 kl. 13:00-14:30 plats Stadshuset",
    "/beslut registrera § 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2025-03-26: att godkänna förslaget",
]) + "\n"
LIBRARIES = ("fontTools", "fpdf", "pypdf")


def damaged_copy(pdf: Path, target: Path) -> Path:
    """The same PDF with a wrong ``startxref``: pypdf reads it, but logs two English warnings."""
    data = pdf.read_bytes()
    head, _, _tail = data.rpartition(b"startxref")
    target.write_bytes(head + b"startxref\n7\n%%EOF\n")
    return target


def test_pdf_export_and_import_print_no_library_logs(tmp_path: Path) -> None:
    env = {"SAMVERKAN_DATABASE_URL": f"sqlite:///{tmp_path / 'pdf.db'}"}
    chat = run(["chat", "--channel", "utb-au"], env=env, cwd=tmp_path, stdin=CHAT)
    assert chat.returncode == 0 and "§ 19" in chat.stdout, chat.stdout + chat.stderr

    exported = run(["export", "protocol", "--organ", "UTB", "--datum", "2025-03-26", "--out", "p.pdf"],
                   env=env, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    imported = run(["import", str(damaged_copy(tmp_path / "p.pdf", tmp_path / "lagad.pdf"))], env=env, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "lagad.pdf" in imported.stdout

    for done in (chat, exported, imported):
        printed = done.stdout + done.stderr
        assert not [lib for lib in LIBRARIES if lib in printed], printed
        assert " INFO " not in printed and " WARNING " not in printed, printed

    debug = run(["import", str(damaged_copy(tmp_path / "p.pdf", tmp_path / "lagad2.pdf"))], cwd=tmp_path,
                env={**env, "SAMVERKAN_LOG_LEVEL": "DEBUG"})
    assert "DEBUG pypdf" in debug.stderr, debug.stderr  # still in the log when the operator asks for it
