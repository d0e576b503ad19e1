"""``samverkan export protocol`` as a real process on the chat-built database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.integration.export_world import SECRET_TEXT, build_world

SAMVERKAN = Path(sys.executable).parent / "samverkan"


def run(args: list[str], *, url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAMVERKAN_DATABASE_URL": url, "SAMVERKAN_LINK_SECRET": "test-secret"}
    return subprocess.run([str(SAMVERKAN), "export", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_protocol_files_in_every_format(chat, clock, services, sqlite_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_world(chat, clock)
    services.extras["engine"].dispose()
    pdf = tmp_path / "protokoll.pdf"
    done = run(["protocol", "--organ", "UTB", "--datum", "2022-03-30", "--format", "pdf", "--out", str(pdf)],
               url=sqlite_url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "§ 19 Ny samverkansmodell i länet (UTB 22/30)" in text and "§ 20 Sekretess" in text
    assert SECRET_TEXT not in text and "§§ 19–20" in text
    md = run(["protocol", "--organ", "Utbildningsnämndens arbetsutskott", "--datum", "2022-03-30", "--format", "md"],
             url=sqlite_url, cwd=tmp_path)
    assert md.returncode == 0 and "| **Justeringens plats och tid** | Digital justering 2022-04-04 13:00 |" in md.stdout
    members = run(["protocol", "--organ", "UTB", "--datum", "2022-03-30", "--format", "html", "--med-sekretess"],
                  url=sqlite_url, cwd=tmp_path)
    assert members.returncode == 0 and SECRET_TEXT in members.stdout
    extract = run(["protocol", "--organ", "UTB", "--datum", "2022-03-30", "--format", "md", "--paragraf", "19"],
                  url=sqlite_url, cwd=tmp_path)
    assert extract.returncode == 0 and extract.stdout.startswith("# Protokollsutdrag")
    assert "§ 20" not in extract.stdout and "Utdragsbestyrkande" in extract.stdout
    missing = run(["protocol", "--organ", "UTB", "--datum", "2022-03-31", "--format", "md"], url=sqlite_url,
                  cwd=tmp_path)
    assert missing.returncode != 0 and "inget möte" in missing.stderr
