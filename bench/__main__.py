"""Run every benchmark module in bench/ that defines ``main()`` (or only those named).

``python -m bench`` runs all; ``python -m bench teams_roundtrip`` runs one. Each module owns its
setup, bounds and output; this runner only discovers and calls them.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(info.name for info in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if not info.name.startswith("_"))
    chosen = argv or names
    failed = 0
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        run = getattr(module, "main", None)
        if not callable(run):
            continue
        print(f"== {name} ==", flush=True)
        failed += 1 if run() else 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
