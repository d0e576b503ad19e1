"""Percentiles and report lines shared by the archive benchmarks."""

from __future__ import annotations


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 by nearest rank (no interpolation: what a user actually waited)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0, 0.0, 0.0

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]

    return rank(0.50), rank(0.95), rank(0.99)


def report_row(kind: str, p50: float, p95: float, p99: float, share: float, target: str) -> str:
    """One aligned line: latency percentiles in ms, the share answered correctly, the target."""
    return f"{kind:<10}{p50:>9.2f}{p95:>9.2f}{p99:>9.2f}{share:>8.1%}  {target}"
