"""Kiosk mode: no way out without the administrator's PIN, and a calm screen after an unexpected error."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtQml import qmlEngine

from kiosk.kiosk_mode import hash_pin
from tests.ui.helpers import driver, find, shown
from ui.app import install_exception_hooks
from ui.context import context


def _five_taps(ui) -> None:
    for _ in range(5):
        ui.tap("adminCorner")


def test_without_a_pin_set_the_hidden_gesture_does_nothing(kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    _five_taps(ui)
    qtbot.wait(100)
    assert not shown(find(kiosk_window, "pinPad"))


def test_the_admin_pin_leaves_kiosk_mode_and_a_wrong_one_does_not(kiosk_window, qtbot, store):
    store.set_setting("admin_pin_hash", hash_pin("2468"))
    kiosk_window.setProperty("allowClose", False)
    ui = driver(qtbot, kiosk_window)
    _five_taps(ui)
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "pinPad")))
    for digit in "1357":
        ui.tap(f"pin_{digit}")
    ui.tap("pinOk")
    qtbot.waitUntil(lambda: kiosk_window.property("visible") and shown(find(kiosk_window, "pinPad")))
    assert find(kiosk_window, "pinDots").property("text").strip() == ""
    for digit in "2468":
        ui.tap(f"pin_{digit}")
    ui.tap("pinOk")
    qtbot.waitUntil(lambda: not kiosk_window.isVisible())
    assert kiosk_window.property("allowClose") is True


def test_four_taps_or_slow_taps_do_not_open_the_pin_pad(kiosk_window, qtbot, store):
    store.set_setting("admin_pin_hash", hash_pin("2468"))
    ui = driver(qtbot, kiosk_window)
    for _ in range(4):
        ui.tap("adminCorner")
    qtbot.wait(100)
    assert not shown(find(kiosk_window, "pinPad"))


@pytest.fixture
def hooks(kiosk_window, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_exception_hooks(qmlEngine(kiosk_window))


def test_an_unexpected_error_shows_a_calm_screen_then_the_start(hooks, kiosk_window, qtbot, store, caplog):
    ui = driver(qtbot, kiosk_window)
    ui.tap("card_TEST-1")
    ui.tap("commentButton")
    ui.tap("stance_agree")
    ui.tap("saveComment")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "errorOverlay")))
    assert "a bug" in caplog.text  # the traceback goes to the log, never to the screen
    texts = " ".join(str(i.property("text")) for i in _texts(kiosk_window))
    assert "Traceback" not in texts and "RuntimeError" not in texts
    ui.tap("errorHomeButton")
    qtbot.waitUntil(lambda: not shown(find(kiosk_window, "errorOverlay")))
    ui.screen("homeScreen")
    assert context().visit.is_empty()


def test_an_error_in_a_worker_thread_is_caught_too(hooks, kiosk_window, qtbot, caplog):
    worker = threading.Thread(target=lambda: 1 / 0)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "errorOverlay")))
    assert "ZeroDivisionError" in caplog.text


def _texts(window):
    from tests.ui.helpers import items

    return [i for i in items(window.contentItem()) if i.inherits("QQuickText") and i.isVisible()]
