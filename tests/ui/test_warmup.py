"""The first receipt's needs made ready while the kiosk is idle after its start."""

from __future__ import annotations

import sys

from ui import warmup
from ui.warmup import Warmup


def test_every_step_runs_once_idle_and_leaves_the_database_alone(store, qtbot, qapp):
    from PySide6.QtCore import QObject

    before = store.query("SELECT count(*) AS n FROM events")
    owner = QObject()
    ran = []
    steps = [lambda s, step=step: (step(s), ran.append(step.__name__)) for step in warmup.STEPS]
    warm = Warmup(store, owner)
    warm._steps = steps
    warm.start(delay_ms=0)
    qtbot.waitUntil(lambda: len(ran) == len(warmup.STEPS))
    assert ran == [step.__name__ for step in warmup.STEPS]
    assert "db" in vars(store)  # sqlite-utils is wrapped round the connection: the first write's cost is paid
    for module in ("nacl.public", "qrcode", "PIL", "sqlite_utils", "kiosk.submissions", "kiosk.receipt_documents"):
        assert module in sys.modules, module
    assert store.query("SELECT count(*) AS n FROM events") == before
