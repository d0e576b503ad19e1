"""``samverkan import`` on real protocols: honest per-file lines and the exit code.

A folder in which no file holds a protocol imported nothing, so the command fails (exit 1) and
says «inget protokoll hittades» for each file; a folder with one real protocol succeeds and its
line says what was found.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SAMVERKAN = Path(sys.executable).parent / "samverkan"
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def run(args: list[str], *, db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAMVERKAN_DATABASE_URL": f"sqlite:///{db}", "COLUMNS": "160"}
    return subprocess.run([str(SAMVERKAN), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=240)


def test_no_protocol_anywhere_exits_1_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "inget"
    folder.mkdir()
    for name in ("024_skinnskatteberg_guide_styrelsemote", "025_borgeby_stadgar_dagordning",
                 "042_skjervoy_kontrollutvalg_2015"):
        shutil.copy(REAL / f"{name}.txt", folder / f"{name}.txt")
    result = run(["import", str(folder)], db=tmp_path / "a.db", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.count(": inget protokoll hittades") == 3
    assert "importerad" not in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_a_real_protocol_is_summarised_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    for name in ("001_tyreso_bun_2023-08-30", "016_soderhamn_asn_2019-01-28"):
        shutil.copy(REAL / f"{name}.txt", folder / f"{name}.txt")
    result = run(["import", str(folder)], db=tmp_path / "b.db", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    shown = " ".join(result.stdout.split())  # the console wraps long lines
    assert "001_tyreso_bun_2023-08-30.txt: importerad – 3 §, 3 dnr," in shown
    assert "datum 2023-08-30, organ Barn- och utbildningsnämnden" in shown
    assert "016_soderhamn_asn_2019-01-28.txt: inget protokoll hittades" in shown
