"""Export reports its progress: events written and read back, out of the events to write."""

from __future__ import annotations

from kiosk.home import Home
from kiosk.storage.db import open_store
from sync.batches import export_batches


def test_progress_is_reported_after_each_verified_part(world):
    world.submit_paper(25)
    home = Home(world.kiosk)
    store = open_store(home.database)
    calls: list[tuple[int, int]] = []
    try:
        one_event = max(len(row["body"].encode()) + 1 for row in store.query("SELECT body FROM events"))
        result = export_batches(store, home, world.root / "usb", max_bytes=one_event * 10 + 5, progress=lambda *p: calls.append(p))
        assert len(result.batches) == 3
        assert calls == [(0, 25), (10, 25), (20, 25), (25, 25)]
        calls.clear()
        assert export_batches(store, home, world.root / "usb2", progress=lambda *p: calls.append(p)).batches
        assert calls == [(0, 25), (25, 25)]  # not acknowledged yet: the next batch carries them again
    finally:
        store.close()
