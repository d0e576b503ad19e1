"""The per-file report of ``samverkan import``: one TSV row per file, tracebacks in a log beside it.

An archive of tens of thousands of files cannot be judged from a scrolling terminal, and a Python
traceback per failed file (there were 21,516 in one run) buries the progress bar. So the terminal
shows the totals and the files to check; every file's outcome — what was found, what was guessed,
the warnings, the error — goes into a tab-separated file a secretary can open in a spreadsheet,
and the technical details of unexpected failures go into a log file next to it, not to the screen.
"""

from __future__ import annotations

import csv
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from handlers.archive import texts
from handlers.archive.importer import ImportResult

LOGGERS = ("handlers.archive", "handlers.recording", "storage")
"""The loggers whose records belong to one file's import (they carry the tracebacks)."""


def default_report_path() -> Path:
    """A new report file in the temporary directory (the path is printed at the end of the run)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(tempfile.gettempdir()) / f"samverkan-import-{stamp}-{os.getpid()}.tsv"


def write_report(path: Path, results: list[ImportResult]) -> None:
    """One row per file, in the order the files were imported."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(texts.REPORT_COLUMNS)
        for r in results:
            writer.writerow([
                r.source_name, texts.STATUS.get(r.status, r.status), r.paragraphs, r.dnr, r.assignments,
                r.meeting_day.isoformat() if r.meeting_day else "", r.body or "",
                ", ".join(texts.GUESS_NAMES.get(g, g) for g in r.guessed), " | ".join(_one_line(w) for w in r.warnings),
                _one_line(r.error or ""),
            ])


@contextmanager
def technical_log(path: Path) -> Iterator[Callable[[], bool]]:
    """While importing, the import's log records go to ``path`` instead of the terminal.

    Yields a function telling whether anything was written (the file is removed when nothing was).
    """
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    loggers = [logging.getLogger(name) for name in LOGGERS]
    saved = [(logger.propagate, logger.handlers[:]) for logger in loggers]
    for logger in loggers:
        logger.propagate = False
        logger.handlers = [handler]
    try:
        yield lambda: path.exists() and path.stat().st_size > 0
    finally:
        for logger, (propagate, handlers) in zip(loggers, saved, strict=True):
            logger.propagate, logger.handlers = propagate, handlers
        handler.close()


def _one_line(text: str) -> str:
    return " ".join(text.split())
