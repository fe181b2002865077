"""``make bench-national`` (not in CI): a national consultation into one PostgreSQL centre.

3,321 enrolled kiosks (one per commune that took part in 2025) and 4.3 million
submissions (what the 2025 consultation on the constitutional amendment
gathered in 7 days), arriving as they would: each kiosk's submissions in two
or three batches over the week, carried in on sticks and ingested folder by
folder with ``gopy central ingest`` (a hundred files per command, as an
operator empties a bag of sticks). Measured: total ingest time, events per
second, the database's size, and how long ``gopy central status`` takes on the
full fleet. Written to benchmarks/results/national.md.

The cluster is a throwaway one (tests/pg.py) with fsync ON (``durable=True``):
a real server's commits. Kiosks are enrolled through the fleet service (what
``gopy central enrol`` calls; 3,321 processes would measure Python's start);
each kiosk has a real kiosk key and proves its enrolment in its first batch.
Batches are built as benchmarks/bench_centre.py builds them.

``--max-minutes`` bounds the ingest: when the time is up the run stops after
the current command and reports what was ingested by then, marked partial.

    python -m benchmarks.national [--kiosks 3321] [--events 4300000] [--max-minutes 60]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks.bench_centre import ROOT, Events, enrolment, gopy, make_events, timed_gopy, write_batch
from centre.demo import consultation_spec
from kiosk.chain import GENESIS
from sync.keys import KioskKey

RESULTS = Path(__file__).resolve().parent / "results" / "national.md"
KIOSKS = 3_321
EVENTS = 4_300_000
DAYS = 7
FILES_PER_COMMAND = 100


@dataclass
class Kiosk:
    kiosk_id: str
    events: int
    key: KioskKey
    enrolled: tuple[str, str]
    sent: int = 0
    prev: str = GENESIS
    batches: int = 0
    trips: list[int] = field(default_factory=list)  # the days its batches arrive


def shares(kiosks: int, events: int, chance: random.Random) -> list[int]:
    """Submissions per kiosk: skewed as communes are (a few large, many small), summing to ``events``."""
    weights = [chance.lognormvariate(0, 0.8) for _ in range(kiosks)]
    total = sum(weights)
    counts = [max(1, int(events * w / total)) for w in weights]
    counts[0] += events - sum(counts)
    return counts


def enrol_all(centre: Path, database: str, folder: Path, kiosks: int, events: int) -> list[Kiosk]:
    """Every kiosk enrolled through the fleet service, each with its own key."""
    sys.path.insert(0, str(ROOT))
    from centre.bootstrap import configure

    configure(centre, database)
    from centre.fleet.services import do_enrol_kiosk

    chance = random.Random(2025)
    out: list[Kiosk] = []
    enrol_folder = folder / "enrol"
    enrol_folder.mkdir()
    for n, count in enumerate(shares(kiosks, events, chance)):
        kiosk_id = f"XA-{n + 1:05d}"
        path = enrol_folder / f"{kiosk_id}.enrol"
        province = n % 34 + 1
        name, province_name = f"Xã số {n + 1}", f"Tỉnh số {province}"
        do_enrol_kiosk(kiosk_id, f"{n + 1:05d}", name, path, province_code=f"{province:02d}", province_name=province_name)
        kiosk = Kiosk(kiosk_id, count, KioskKey.generate(), enrolment(path))
        kiosk.trips = sorted(chance.sample(range(1, DAYS + 1), k=min(DAYS, 2 if count < 1500 else 3)))
        out.append(kiosk)
    return out


def batches_of_day(kiosks: list[Kiosk], day: int, folder: Path) -> list[Path]:
    """The batches that arrive on ``day``: each kiosk travelling that day brings what it has gathered since its last trip."""
    paths = []
    for kiosk in kiosks:
        if day not in kiosk.trips:
            continue
        last_trip = day == kiosk.trips[-1]
        count = kiosk.events - kiosk.sent if last_trip else (kiosk.events * (kiosk.trips.index(day) + 1)) // len(kiosk.trips) - kiosk.sent
        if count <= 0:
            continue
        events: Events = make_events(kiosk.kiosk_id, count, None, seq_from=kiosk.sent + 1, prev=kiosk.prev,
                                     start_day=date(2025, 5, 6) + timedelta(days=day - 1))  # fmt: skip
        kiosk.batches += 1
        day_folder = folder / f"day-{day}"
        path = write_batch(day_folder, kiosk.key, kiosk.kiosk_id, events, kiosk.enrolled, batch_seq=kiosk.batches,
                           seq_from=kiosk.sent + 1, first_prev=kiosk.prev)  # fmt: skip
        paths.append(path)
        kiosk.sent += count
        kiosk.prev = events.last_hash
    return paths


def database_size(url: str) -> tuple[int, int]:
    """Bytes of the whole database, and the number of stored events."""
    import psycopg

    with psycopg.connect(url) as conn:
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        stored = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    return size, stored


def run(kiosks: int, events: int, max_minutes: float) -> str:
    from tests.pg import start_cluster

    started = datetime.now().astimezone()
    cluster = start_cluster(durable=True)
    folder = Path(tempfile.mkdtemp(prefix="gopy-national-"))
    try:
        url = cluster.create_database("national")
        centre = folder / "centre"
        gopy("central", "init", "--home", centre, "--database", url)
        gopy("central", "publish", "--home", centre, "--database", url, consultation_spec(folder))
        t0 = time.perf_counter()
        fleet = enrol_all(centre, url, folder, kiosks, events)
        enrol_seconds = time.perf_counter() - t0
        print(f"{kiosks:,} kiosks enrolled in {enrol_seconds:.0f} s", flush=True)

        ingest_seconds = build_seconds = 0.0
        files = commands = 0
        peak_rss = 0.0
        partial = False
        progress: list[str] = []
        for day in range(1, DAYS + 1):
            t0 = time.perf_counter()
            paths = batches_of_day(fleet, day, folder)
            build_seconds += time.perf_counter() - t0
            for start in range(0, len(paths), FILES_PER_COMMAND):
                chunk = paths[start : start + FILES_PER_COMMAND]
                measured = timed_gopy("central", "ingest", "--home", centre, "--database", url, *chunk, "--json")
                ingest_seconds += measured.seconds
                peak_rss = max(peak_rss, measured.max_rss_mb)
                files += len(chunk)
                commands += 1
                for path in chunk:
                    path.unlink()
                if ingest_seconds > max_minutes * 60:
                    partial = True
                    break
            shutil.rmtree(folder / f"day-{day}", ignore_errors=True)
            size, stored = database_size(url)
            progress.append(f"| {day} | {files:,} | {stored:,} | {ingest_seconds:.0f} s |")
            print(f"day {day}: {files:,} batches, {stored:,} events stored, ingest {ingest_seconds:.0f} s so far", flush=True)
            if partial:
                break
        size, stored = database_size(url)
        status_json = timed_gopy("central", "status", "--home", centre, "--database", url, "--json")
        status_text = timed_gopy("central", "status", "--home", centre, "--database", url)
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    rate = stored / ingest_seconds if ingest_seconds else 0
    lines = [
        f"# National bench: {kiosks:,} kiosks, {events:,} submissions into one PostgreSQL centre",
        "",
        f"Run {started:%Y-%m-%d %H:%M %Z} on {platform.machine()}, {os.cpu_count()} cores (shared with other work),"
        f" Python {platform.python_version()}, PostgreSQL from tests/pg.py (fsync on).",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| kiosks enrolled (fleet service) | {kiosks:,} in {enrol_seconds:.0f} s |",
        f"| batches ingested | {files:,} in {commands} `gopy central ingest` commands |",
        f"| events stored | {stored:,} of {events:,}{' (PARTIAL: stopped at the time bound)' if partial else ''} |",
        f"| total ingest time | {ingest_seconds:.0f} s ({ingest_seconds / 60:.1f} min) |",
        f"| events per second | {rate:,.0f} |",
        f"| database size | {size / 1e9:.2f} GB ({size / max(stored, 1):.0f} bytes per event, indexes included) |",
        f"| `gopy central status --json` | {status_json.seconds:.1f} s |",
        f"| `gopy central status` | {status_text.seconds:.1f} s |",
        f"| peak memory of one ingest command | {peak_rss:.0f} MB |",
        "",
        f"Building the batches (not counted above) took {build_seconds:.0f} s.",
        "",
        "Day by day (cumulative):",
        "",
        "| day | batches | events stored | ingest time |",
        "| --- | --- | --- | --- |",
        *progress,
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.national")
    parser.add_argument("--kiosks", type=int, default=KIOSKS)
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--max-minutes", type=float, default=90, help="stop ingesting after this long and report what was done")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    text = run(args.kiosks, args.events, args.max_minutes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
