"""``make bench``: run every figure, print one table, keep it in results/latest.md."""

from __future__ import annotations

import functools
import platform
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from benchmarks.bench_centre import bench_centre
from benchmarks.bench_console import bench_console
from benchmarks.bench_network import bench_network
from benchmarks.bench_package import bench_package
from benchmarks.bench_parse import bench_parse
from benchmarks.bench_parse_pdf import bench_parse_pdf
from benchmarks.bench_portal import bench_portal
from benchmarks.bench_receipt import bench_receipt
from benchmarks.bench_search import bench_search
from benchmarks.bench_start import bench_start
from benchmarks.bench_submission import bench_submission
from benchmarks.bench_sync import bench_sync
from benchmarks.bench_tap import bench_tap
from benchmarks.harness import Figure, table

RESULTS = Path(__file__).resolve().parent / "results" / "latest.md"


def figures(tmp: Path) -> list[Figure]:
    benches = [
        bench_submission,
        bench_parse,
        bench_parse_pdf,
        functools.partial(bench_search, tmp),
        bench_receipt,
        bench_sync,
        bench_start,
        bench_package,
        bench_portal,
        bench_centre,
        bench_console,
        bench_tap,
        bench_network,
    ]
    out: list[Figure] = []
    for bench in benches:
        try:
            measured = bench()
        except Exception as error:  # one broken bench must not lose the others' figures: it shows as a failed row
            traceback.print_exc()
            name = getattr(bench, "__name__", "bench_search")
            measured = [Figure(f"{name}: did not run ({type(error).__name__})", float("inf"), 1.0, "", "≤ 1×", str(error)[:200])]
        out += measured if isinstance(measured, list) else [measured]
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        results = figures(Path(tmp))
    text = table(results)
    when = datetime.now().astimezone()
    header = f"Gópý Kiosk benchmarks, {when:%Y-%m-%d %H:%M %Z}, {platform.machine()}, Python {platform.python_version()}\n\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(header + text + "\n", encoding="utf-8")
    print(header + text)
    return 0 if all(f.passed for f in results) else 1


if __name__ == "__main__":
    sys.exit(main())
