"""Timing helpers and the one table ``make bench`` prints."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def median_ms(fn: Callable[[], object], runs: int, warmup: int = 2) -> float:
    """The median wall time of ``fn`` over ``runs`` calls, in milliseconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@dataclass(frozen=True)
class Figure:
    name: str
    ours: float
    baseline: float
    unit: str
    target: str  # e.g. "≤ 2×", "≥ 0.5×"
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    @property
    def passed(self) -> bool:
        op, _, value = self.target.partition(" ")
        limit = float(value.rstrip("×"))
        return self.ratio <= limit if op == "≤" else self.ratio >= limit


def table(figures: list[Figure]) -> str:
    lines = [
        "| figure | ours | baseline | ratio | target | result | note |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        lines.append(
            f"| {f.name} | {f.ours:.3g} {f.unit} | {f.baseline:.3g} {f.unit} | {f.ratio:.2f}× | {f.target} | "
            f"{'PASS' if f.passed else 'FAIL'} | {f.note} |"
        )
    return "\n".join(lines)
