"""``samverkan import`` writes a report per file and keeps tracebacks off the terminal."""

from __future__ import annotations

import csv
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.import_report import technical_log

SAMVERKAN = Path(sys.executable).parent / "samverkan"
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def test_the_report_has_one_row_per_file_with_what_was_found(tmp_path: Path) -> None:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    for name in ("001_tyreso_bun_2023-08-30", "025_borgeby_stadgar_dagordning"):
        shutil.copy(REAL / f"{name}.txt", folder / f"{name}.txt")
    (folder / "trasig.pdf").write_bytes(b"%PDF-1.4 inte en riktig pdf")
    report = tmp_path / "rapport.tsv"
    env = {**os.environ, "SAMVERKAN_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}", "COLUMNS": "160"}
    result = subprocess.run([str(SAMVERKAN), "import", str(folder), "--rapport", str(report)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert f"Rapport per fil: {report}" in " ".join(result.stdout.split())
    with report.open(encoding="utf-8") as handle:
        rows = {row["Fil"]: row for row in csv.DictReader(handle, delimiter="\t")}
    assert set(rows) == {"001_tyreso_bun_2023-08-30.txt", "025_borgeby_stadgar_dagordning.txt", "trasig.pdf"}
    found = rows["001_tyreso_bun_2023-08-30.txt"]
    assert (found["Status"], found["Paragrafer"], found["Dnr"], found["Mötesdatum"]) == ("importerad", "3", "3",
                                                                                         "2023-08-30")
    assert rows["025_borgeby_stadgar_dagordning.txt"]["Status"] == "inget protokoll hittades"
    assert rows["trasig.pdf"]["Status"] == "misslyckades" and rows["trasig.pdf"]["Fel"]


def test_a_traceback_goes_to_the_log_file_not_the_terminal(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    logging.getLogger().addHandler(handler := logging.StreamHandler(sys.stderr))
    try:
        with technical_log(tmp_path / "import.log") as logged:
            try:
                raise ValueError("trasig fil")
            except ValueError:
                logging.getLogger("handlers.archive.batch").exception("import of x.txt failed")
        assert logged()
    finally:
        logging.getLogger().removeHandler(handler)
    assert "Traceback" not in capsys.readouterr().err
    assert "ValueError: trasig fil" in (tmp_path / "import.log").read_text(encoding="utf-8")
