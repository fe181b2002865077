"""One network round for 10,000 submissions, against the USB way in the same run.

Ours: ``gopy sync --centre URL`` in its own process, against a real centre
server (``gopy central serve``) on 127.0.0.1: the signed time, the batch
uploaded and ingested, the next package built, downloaded and applied.
Baseline: the same batch written to disk (``gopy export-batch --out``) and
ingested with the command line (``gopy central ingest``), two processes.
Both start from identical copies of one enrolled kiosk holding 10,000
submissions and its centre (the kiosk's first batch: it binds its key too);
the medians of ``RUNS`` fresh copies are compared. Ours does more (the package
both ways), which the target allows for.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.bench_centre import gopy, timed_gopy
from benchmarks.bench_sync import fill_events
from benchmarks.harness import Figure
from kiosk.storage.db import open_store

COUNT = int(os.environ.get("GOPY_BENCH_NETWORK_EVENTS", "10000"))
RUNS = int(os.environ.get("GOPY_BENCH_NETWORK_RUNS", "3"))
KIOSK_ID = "BENCH-NET-01"


def _template(folder: Path) -> Path:
    """A centre and an enrolled kiosk with ``COUNT`` submissions, made through ``gopy``."""
    template = folder / "template"
    centre, kiosk = template / "centre", template / "kiosk"
    gopy("central", "init", "--home", centre)
    gopy(
        "central",
        "enrol",
        "--home",
        centre,
        "--kiosk-id",
        KIOSK_ID,
        "--commune-code",
        "X",
        "--commune-name",
        "Xã Thử",
        "--out",
        template / "k.enrol",
    )
    gopy("--home", kiosk, "setup", template / "k.enrol")
    store = open_store(kiosk / "kiosk.sqlite3")
    fill_events(store, COUNT)
    store.close()
    return template


def _copy(template: Path, folder: Path) -> Path:
    shutil.copytree(template, folder)
    return folder


def _round(world: Path) -> float:
    from tests.centre.api.servers import Centre  # the same server helper the tests use

    os.environ.setdefault("GOPY_CENTRE_SECRET_KEY", "bench-only-secret")
    os.environ["GOPY_LANG"] = "en"  # the line read below is the English one
    with Centre(world / "centre", "", workers=2) as centre:
        measured = timed_gopy("--home", world / "kiosk", "sync", "--centre", centre.url)
    if f"({COUNT} submissions)" not in measured.stdout:
        raise RuntimeError("the round did not send every submission: " + measured.stdout)
    return measured.seconds


def _usb(world: Path) -> float:
    start = time.perf_counter()
    gopy("--home", world / "kiosk", "export-batch", "--out", world / "usb")
    [batch] = list((world / "usb").glob("GOPY-*.zip"))
    result = gopy("central", "ingest", "--home", world / "centre", batch, "--json")
    seconds = time.perf_counter() - start
    if f'"new_events": {COUNT}' not in result.stdout:
        raise RuntimeError("the ingest did not store every submission: " + result.stdout)
    return seconds


def bench_network(count: int = COUNT, runs: int = RUNS) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = _template(folder)
        ours, usb = [], []
        for run in range(runs):
            ours.append(_round(_copy(template, folder / f"net-{run}")))
            usb.append(_usb(_copy(template, folder / f"usb-{run}")))
    return [
        Figure(
            f"network round, {count:,} submissions (loopback)",
            statistics.median(ours),
            statistics.median(usb),
            "s",
            "≤ 1.5×",
            "gopy sync (upload, ingest, package, apply) vs export-batch + central ingest",
        )
    ]


if __name__ == "__main__":
    for figure in bench_network():
        print(figure)
