"""The language switch: always there, and every visible string changes at once, without a restart."""

from __future__ import annotations

from kiosk import i18n
from tests.ui.helpers import driver, items


def _texts(window) -> set[str]:
    return {i.property("text") for i in items(window.contentItem()) if i.inherits("QQuickText") and i.isVisible()}


def test_switching_language_retranslates_every_visible_string(kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    ui.tap("card_TEST-1")
    ui.screen("readerScreen")
    vietnamese = _texts(kiosk_window)
    assert ui.find("commentButton").property("text") == i18n._("Comment on this article")
    assert ui.find("backButton").property("text") == "‹ Quay lại"
    ui.tap("language_en")
    qtbot.waitUntil(lambda: ui.find("commentButton").property("text") == "Comment on this article")
    assert ui.find("backButton").property("text") == "‹ Back"
    english = _texts(kiosk_window)
    # The draft stays as written; what the kiosk says changes.
    assert "Điều 1. Phạm vi điều chỉnh" in english
    assert "Search the draft" in english and "Quay lại" not in " ".join(english)
    ui.tap("language_vi")
    qtbot.waitUntil(lambda: _texts(kiosk_window) == vietnamese)


def test_the_switch_is_on_every_screen(kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    for step in ("card_TEST-1", "commentButton"):
        assert ui.find("language_en").isVisible() and ui.find("language_vi").isVisible()
        ui.tap(step)
    assert ui.find("language_en").isVisible()
