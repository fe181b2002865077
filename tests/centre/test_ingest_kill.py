"""A real ``gopy central ingest`` killed with SIGKILL mid-ingest, on a durable PostgreSQL: nothing partial, and the re-run completes."""

from __future__ import annotations

import signal

import pytest

from tests.sync.helpers import build_world, dump, query

pytestmark = [pytest.mark.centre, pytest.mark.postgres_only]

EVENTS = 2500  # the staging COPY passes a fault point every 1000 lines


@pytest.fixture(scope="module")
def durable_world(tmp_path_factory):
    """A world whose centre is on its own cluster with fsync on: what a kill leaves is what a power cut would."""
    from tests.pg import start_cluster

    cluster = start_cluster(durable=True)
    try:
        yield build_world(tmp_path_factory.mktemp("kill"), cluster.create_database("kill_world"))
    finally:
        cluster.stop()


def test_a_kill_anywhere_in_an_ingest_leaves_nothing_partial_and_the_rerun_completes(durable_world):
    world = durable_world
    world.submit_paper(EVENTS)
    [batch] = world.export(world.root / "usb")
    world.central("status")  # any migration the code has and the template has not is applied before the baseline
    before = dump(world.centre_db)
    for fault in ("ingest.staged*@2", "ingest.after_verify", "ingest.before_commit"):
        killed = world.central("ingest", batch, check=False, fault=fault)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert dump(world.centre_db) == before, fault
        assert query(world.centre_db, "SELECT count(*) FROM kiosk_keys") == [(0,)]
    [applied] = world.ingest(batch)
    assert (applied["outcome"], applied["new_events"], applied["hwm"]) == ("applied", EVENTS, EVENTS)
    assert world.ingest(batch)[0]["outcome"] == "already"
    assert query(world.centre_db, "SELECT count(*), count(DISTINCT seq), max(seq) FROM events") == [(EVENTS, EVENTS, EVENTS)]


def test_a_kill_after_the_events_are_committed_leaves_them_stored_and_their_comments_indexed_later(durable_world):
    """The console's index is built after the events commit: a kill in between loses nothing, the next run catches up."""
    world = durable_world
    comments = query(world.centre_db, "SELECT count(*) FROM review_comments")[0][0]
    world.submit_paper(40, start=EVENTS)
    [batch] = world.export(world.root / "usb-index")
    killed = world.central("ingest", batch, check=False, fault="ingest.before_index")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert query(world.centre_db, "SELECT count(*) FROM events")[0][0] == EVENTS + 40
    assert query(world.centre_db, "SELECT count(*) FROM review_comments")[0][0] == comments
    assert query(world.centre_db, "SELECT count(*) FROM batches WHERE comments_pending") == [(1,)]
    assert "40" in world.central("index").stdout
    assert query(world.centre_db, "SELECT count(*) FROM review_comments")[0][0] == comments + 40
    assert query(world.centre_db, "SELECT count(*) FROM batches WHERE comments_pending") == [(0,)]
    assert world.ingest(batch)[0]["outcome"] == "already"
