"""SIGKILL at seeded random points of submission, export, package import and centre ingest.

Each run starts a real process with ``GOPY_FAULT=<phase>.*@K`` (K drawn from
a seeded generator): it dies at the K-th crash point of that phase, exactly
as a power cut would stop it, or finishes if K is past the last point. After
every run the kiosk (or the centre) is opened again and checked whole:
integrity_check, the hash chain, nothing partial, nothing doubled, and every
receipt code the killed process had shown is stored. At the end everything
is exported and ingested, and every code ever shown is at the centre exactly
once. Reproduce a run with GOPY_FAULT_SEED.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from tests.sync.helpers import KIOSK, build_world, query

SEED = int(os.environ.get("GOPY_FAULT_SEED", "20261123"))
RUNS = {"submission": 90, "export": 45, "ingest": 45, "package": 25}
SUBMISSIONS_PER_RUN = 4
POINTS = {"submission": 2 * SUBMISSIONS_PER_RUN, "export": 4, "ingest": 2, "package": 2}

SUBMIT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kiosk.consultations import ConsultationRepository
    from kiosk.domain import Stance
    from kiosk.feedback import FeedbackForm, FeedbackItem
    from kiosk.home import Home
    from kiosk.identity import startup_check
    from kiosk.storage.db import open_store
    from kiosk.submissions import SubmissionService

    home = Home(Path(sys.argv[1]))
    store = open_store(home.database)
    startup_check(store, home)
    repo = ConsultationRepository(store)
    node = repo.node_by_key(repo.current_draft_id("TN-DUONG"), "article:2/clause:2/point:a").id
    service = SubmissionService(store)
    for n in range(int(sys.argv[2])):
        form = FeedbackForm("TN-DUONG", items=(FeedbackItem(node, Stance.DISAGREE, "Ý kiến số " + str(n)),))
        print(service.submit(form).receipt.code, flush=True)  # the receipt is shown only now
    """
)


def _run(args: list[str], fault: str | None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GOPY_FAULT": fault} if fault else dict(os.environ)
    env.pop("GOPY_HOME", None)
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)


GOPY = [sys.executable, "-m", "gopy"]


def _check_kiosk(db: Path, shown: set[str]) -> None:
    from kiosk.chain import verify_chain
    from kiosk.home import Home
    from kiosk.identity import startup_check
    from kiosk.storage.db import open_store

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    store = open_store(db)
    startup_check(store, Home(db.parent))  # what a restart does
    try:
        report = verify_chain(store)
        assert report.ok, report
        stored = Counter(r["receipt_code"] for r in store.query("SELECT receipt_code FROM events WHERE receipt_code IS NOT NULL"))
        assert all(n == 1 for n in stored.values())  # nothing doubled
        assert shown <= set(stored), shown - set(stored)  # every receipt shown is stored
        running = store.query("SELECT count(*) AS n FROM export_jobs WHERE state = 'running'")[0]["n"]
        assert running == 0  # a stale export is reset when the kiosk opens
    finally:
        store.close()


def _check_centre(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        doubled = conn.execute(
            "SELECT receipt_code, count(*) FROM events WHERE receipt_code IS NOT NULL GROUP BY 1 HAVING count(*) > 1"
        ).fetchall()
        assert doubled == []
    finally:
        conn.close()


@pytest.mark.faults
def test_sigkill_at_seeded_random_points_loses_and_doubles_nothing(tmp_path):
    world = build_world(tmp_path)
    rng = random.Random(SEED)
    plan = [phase for phase, count in RUNS.items() for _ in range(count)]
    rng.shuffle(plan)
    shown: set[str] = set()
    totals = Counter()
    stick = tmp_path / "usb"
    for number, phase in enumerate(plan):
        k = rng.randint(1, POINTS[phase] + 1)  # one past the last point: the run finishes
        fault = f"{phase}.*@{k}"
        where = f"run {number} ({fault}, seed {SEED})"
        if phase == "submission":
            result = _run([sys.executable, "-c", SUBMIT, str(world.kiosk), str(SUBMISSIONS_PER_RUN)], fault)
            printed = set(result.stdout.split())
            shown |= printed
            totals["at risk"] += SUBMISSIONS_PER_RUN
        elif phase == "export":
            result = _run([*GOPY, "--home", str(world.kiosk), "export-batch", "--out", str(stick)], fault)
        elif phase == "ingest":
            batches = sorted(stick.glob("*.zip"))
            if not batches:
                continue
            result = _run([*GOPY, "central", "ingest", "--home", str(world.centre), *map(str, batches)], fault)
        else:
            package = _run(
                [*GOPY, "central", "package", "--home", str(world.centre), "--kiosk-id", KIOSK, "--out", str(tmp_path / "packages")], None
            ).stdout.strip()
            result = _run([*GOPY, "--home", str(world.kiosk), "import-package", package], fault)
        killed = result.returncode == -signal.SIGKILL
        assert killed or result.returncode in (0, 1, 2), f"{where}: {result.stderr}"
        assert "Traceback" not in result.stderr, f"{where}: {result.stderr}"
        totals["runs"] += 1
        totals["faults injected"] += killed
        totals[f"{phase} killed"] += killed
        _check_kiosk(world.kiosk_db, shown)
        if world.centre_db.sqlite_file.exists():
            _check_centre(world.centre_db.sqlite_file)

    # Everything still on the kiosk reaches the centre, each opinion exactly once.
    final = tmp_path / "final"
    _run([*GOPY, "--home", str(world.kiosk), "export-batch", "--out", str(final)], None)
    result = _run(
        [*GOPY, "central", "ingest", "--home", str(world.centre), *map(str, sorted(stick.glob("*.zip")) + sorted(final.glob("*.zip")))],
        None,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    at_centre = Counter(code for (code,) in query(world.centre_db, "SELECT receipt_code FROM events WHERE receipt_code IS NOT NULL"))
    lost = shown - set(at_centre)
    doubled = [code for code, n in at_centre.items() if n > 1]
    totals["shown"] = len(shown)
    totals["lost"] = len(lost)
    totals["doubled"] = len(doubled)
    summary = tmp_path.parent / "fault-suite-totals.json"
    summary.write_text(json.dumps(dict(totals), indent=1))
    print("fault suite:", json.dumps(dict(totals)))
    assert totals["runs"] >= 200
    assert lost == set() and doubled == []
