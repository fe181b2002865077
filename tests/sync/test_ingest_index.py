"""The console's comment index is built after a batch's events are committed: `--no-index` leaves it to `gopy central index`."""

from __future__ import annotations

import pytest

from tests.sync.helpers import query

pytestmark = pytest.mark.centre


def _count(world, sql: str) -> int:
    return query(world.centre_db, sql)[0][0]


def test_events_stored_without_the_index_are_indexed_by_the_index_command_or_the_next_ingest(world):
    world.submit_paper(6)
    [first] = world.export(world.root / "usb1")
    assert world.ingest(first, "--no-index")[0]["outcome"] == "applied"
    assert _count(world, "SELECT count(*) FROM events WHERE kind = 'submission'") == 6
    assert _count(world, "SELECT count(*) FROM review_comments") == 0
    assert _count(world, "SELECT count(*) FROM batches WHERE comments_pending") == 1

    assert "6" in world.central("index").stdout
    assert _count(world, "SELECT count(*) FROM review_comments") == 6
    assert _count(world, "SELECT count(*) FROM batches WHERE comments_pending") == 0
    assert "0" in world.central("index").stdout  # nothing left: each comment is added once

    world.submit_paper(4, start=6)
    [second] = world.export(world.root / "usb2")
    assert world.ingest(second)[0]["outcome"] == "applied"  # a plain ingest indexes as it goes
    assert _count(world, "SELECT count(*) FROM review_comments") == 10
    assert _count(world, "SELECT count(DISTINCT event_id) FROM review_comments") == 10
