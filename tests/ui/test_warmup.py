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


WARMED = ("readerScreen", "reviewScreen", "receiptScreen")


def test_the_screens_warmed_after_start_never_enter_the_window(kiosk_window, qtbot):
    """Screens.qml makes the first visitor's screens once and destroys them: never in the window, never focused."""
    from ui.drive import find, items

    screens = find(kiosk_window, "screens").property("item")
    focus_before = kiosk_window.activeFocusItem()
    focus_changes = []
    kiosk_window.activeFocusItemChanged.connect(lambda: focus_changes.append(kiosk_window.activeFocusItem()))
    entered: set[str] = set()
    # Any item given to an item of the window is announced at once by its new parent.
    for item in items(kiosk_window.contentItem()):
        item.childrenChanged.connect(lambda item=item: entered.update({c.objectName() for c in item.childItems()} & set(WARMED)))
    qtbot.waitUntil(lambda: screens.property("warmedScreens") == len(WARMED), timeout=10000)
    qtbot.wait(50)  # destroy() is deferred to the next turn of the event loop
    left = {item.objectName() for item in items(kiosk_window.contentItem())} & set(WARMED)
    assert entered == set() and left == set()
    assert focus_changes == [] and kiosk_window.activeFocusItem() == focus_before
