"""The administrator's "Đồng bộ qua mạng" screen, in the real QML over a real kiosk home and a real centre process.

Progress and result of "sync now"; no connection: a plain message and the USB stick offered;
the background round waits while someone types, and runs once they stop.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtQml import qmlEngine

from kiosk import i18n
from kiosk.home import Home
from kiosk.storage.db import open_store
from tests.centre.api.servers import Centre, free_port
from tests.sync.helpers import query
from tests.ui.helpers import find, shown
from tests.ui.staff_helpers import ADMIN, add_accounts, sign_in, text_of
from tests.ui.test_accessibility import _problems

pytestmark = pytest.mark.centre
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def window(qapp, qtbot, world, monkeypatch):
    from ui.app import load_engine, make_application

    monkeypatch.setenv("GOPY_SYNC_PAUSE", "0.05")
    monkeypatch.setenv("GOPY_SYNC_ATTEMPTS", "2")
    store = open_store(world.kiosk_db)
    add_accounts(store)
    make_application()
    engine, win = load_engine(
        Home(world.kiosk), store, lambda: datetime.now(VN), "vi", print_receipt=lambda code: lambda: None, speech_engines=()
    )
    win.setProperty("allowClose", True)
    win.show()
    qtbot.waitUntil(lambda: win.property("screensReady"))
    yield win
    win.close()
    engine.deleteLater()
    del engine
    qtbot.wait(10)
    store.close()


def vm(window):
    return qmlEngine(window).singletonInstance("Kiosk.ViewModels", "NetworkSyncViewModel")


def open_screen(qtbot, window):
    ui = sign_in(qtbot, window, ADMIN)
    ui.tap("adminNetworkSync")
    ui.screen("adminNetworkSyncScreen")
    return ui


def test_sync_now_shows_progress_and_the_result(world, window, qtbot):
    i18n.set_language("en")  # the view-model's lines looked for below are the English ones
    world.submit_paper(25)
    with Centre(world.centre, world.database) as centre:
        ui = open_screen(qtbot, window)
        model = vm(window)
        find(window, "networkCentreUrl").setProperty("text", centre.url)
        ui.tap("networkSaveUrl")
        qtbot.waitUntil(lambda: model.property("centreUrl") == centre.url)
        seen = []
        model.progressChanged.connect(lambda: seen.append((model.property("stage"), model.property("done"), model.property("total"))))
        ui.tap("networkSyncNow")
        qtbot.waitUntil(lambda: model.property("outcome") in ("done", "failed", "offline"), timeout=60000)
    assert model.property("outcome") == "done", model.property("message")
    stages = [stage for stage, _done, _total in seen]
    assert "send" in stages and "fetch" in stages
    assert ("send", 25, 25) in seen or any(s == "send" and d == t > 0 for s, d, t in seen)  # 25 forms, and their events
    assert "Package 2" in text_of(window, "networkMessage")
    assert text_of(window, "networkLastRound") != ""
    assert query(world.kiosk_db, "SELECT count(*) FROM events WHERE kind = 'submission' AND state = 'acked'") == [(25,)]
    assert query(world.kiosk_db, "SELECT actor, action FROM audit_events WHERE action = 'sync.centre_url'") == [
        (ADMIN[0], "sync.centre_url")
    ]


def test_without_a_connection_a_plain_message_and_the_usb_stick(world, window, qtbot):
    ui = open_screen(qtbot, window)
    model = vm(window)
    find(window, "networkCentreUrl").setProperty("text", f"http://127.0.0.1:{free_port()}")
    ui.tap("networkSaveUrl")
    ui.tap("networkSyncNow")
    qtbot.waitUntil(lambda: model.property("outcome") in ("done", "failed", "offline"), timeout=30000)
    assert model.property("outcome") == "offline"
    assert "USB" in text_of(window, "networkMessage")
    assert shown(find(window, "networkUseUsb"))
    qtbot.wait(50)
    assert _problems(window) == []  # large targets and large text, as on every staff screen
    ui.tap("networkUseUsb")
    ui.screen("adminExportScreen")


def test_the_background_round_waits_while_someone_types(world, window, qtbot, monkeypatch):
    import ui.viewmodels.network_sync as network_sync

    world.submit_paper(5)
    with Centre(world.centre, world.database) as centre:
        store = open_store(world.kiosk_db)
        from sync.network import set_centre_url

        set_centre_url(store, centre.url, actor="test", now=datetime.now(VN))
        store.close()
        monkeypatch.setattr(network_sync, "INTERVAL_SECONDS", 0.3)
        monkeypatch.setattr(network_sync, "TYPING_QUIET", 1.5)
        monkeypatch.setattr(network_sync, "RETRY_WHEN_TYPING", 0.2)
        open_screen(qtbot, window)
        model = vm(window)
        model.refresh()
        model.setCentre(centre.url)  # the same address: nothing changes, but the timer restarts at the new interval
        model._schedule(network_sync.INTERVAL_SECONDS)
        started = []
        model.stateChanged.connect(lambda: model.property("busy") and started.append(True))
        # A person types for two seconds: the rounds due meanwhile are put off.
        for _ in range(20):
            QCoreApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
            qtbot.wait(100)
            assert not started
        assert model.property("paused")
        # They stop: the round runs by itself.
        qtbot.waitUntil(lambda: model.property("outcome") == "done", timeout=30000)
        model._schedule(0)  # no further round: the window closes next
    assert not model.property("paused")
    assert query(world.kiosk_db, "SELECT count(*) FROM events WHERE kind = 'submission' AND state = 'acked'") == [(5,)]
