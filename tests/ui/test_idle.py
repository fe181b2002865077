"""A kiosk left alone forgets the previous person: everything they entered, chose or scrolled."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from tests.ui.helpers import driver, find, shown
from ui.context import context


@pytest.fixture
def short_idle(store, monkeypatch):
    store.set_setting("idle_seconds", "2")
    monkeypatch.setattr("ui.viewmodels.idle.COUNTDOWN_SECONDS", 2)


def test_after_the_countdown_every_trace_of_the_visit_is_wiped(short_idle, kiosk_window, qtbot, store):
    ui = driver(qtbot, kiosk_window)
    ui.tap("language_en")
    ui.tap("contrastButton")
    ui.tap("textLarger")
    ui.tap("card_TEST-1")
    ui.tap("nextButton")
    ui.tap("commentButton")
    ui.tap("stance_agree")
    field = ui.tap("commentField")
    ui.keyboard_open()
    ui.type("Private words")
    qtbot.waitUntil(lambda: field.property("text") == "Private words")
    assert context().visit.consultation_code == "TEST-1"

    qtbot.waitUntil(lambda: shown(find(kiosk_window, "idleOverlay")), timeout=5000)
    qtbot.waitUntil(lambda: ui.find("stack").property("depth") == 1, timeout=5000)

    ui.screen("homeScreen")
    assert not shown(find(kiosk_window, "idleOverlay"))
    assert find(kiosk_window, "screenTitle").property("text") == "Góp ý dự thảo"  # back in Vietnamese
    assert find(kiosk_window, "language_vi").property("selected") is True
    assert find(kiosk_window, "contrastButton").property("selected") is False
    assert find(kiosk_window, "textSmaller").isEnabled() is False  # text size back to normal
    assert not QGuiApplication.inputMethod().isVisible()
    assert find(kiosk_window, "commentField") is None  # the screens of the visit are gone
    assert context().visit.is_empty() and context().visit.consultation_code == ""
    assert find(kiosk_window, "consultationList").property("contentY") == 0
    assert store.query("SELECT * FROM events") == []  # nothing was sent on the person's behalf

    # Opening the consultation again shows nothing of the previous person.
    ui.tap("card_TEST-1")
    ui.tap("commentButton")
    assert ui.find("commentField").property("text") == ""
    assert ui.find("stance_agree").property("selected") is False


def test_a_touch_during_the_countdown_keeps_the_visit(short_idle, kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    ui.tap("card_TEST-1")
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "idleOverlay")), timeout=5000)
    ui.tap("stillHereButton")
    qtbot.waitUntil(lambda: not shown(find(kiosk_window, "idleOverlay")))
    ui.screen("readerScreen")


def test_at_the_start_an_untouched_kiosk_shows_no_countdown(short_idle, kiosk_window, qtbot):
    qtbot.wait(3500)
    assert not shown(find(kiosk_window, "idleOverlay"))
