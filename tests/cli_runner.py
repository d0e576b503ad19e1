"""Run ``samverkan`` in-process (typer's CliRunner) or as the installed console script.

In-process runs read the settings from the environment like a real start: the cached settings are
dropped before and after, and the log handler the CLI installs on the root logger (bound to the
runner's captured stderr) is removed again, so later tests do not log into a closed stream.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

SAMVERKAN = Path(sys.executable).parent / "samverkan"


def invoke(args: list[str], *, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, stdin: str | None = None) -> Result:
    """``samverkan ARGS`` in this process, with ``env`` set for the run."""
    from bot.cli import app
    from bot.config import get_settings

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, args, input=stdin, prog_name="samverkan")
    finally:
        get_settings.cache_clear()
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "_samverkan", False):
                root.removeHandler(handler)


def run(args: list[str], *, env: dict[str, str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``samverkan ARGS`` as a separate process, as a user starts it."""
    return subprocess.run([str(SAMVERKAN), *args], cwd=cwd, env={**os.environ, "COLUMNS": "100", **env}, input=stdin,
                          capture_output=True, text=True, timeout=240)
