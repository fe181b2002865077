"""The reader on a portrait totem: its contents slide in from the left, and the article keeps the width."""

from __future__ import annotations

from tests.ui.helpers import driver, shown


def test_in_portrait_the_contents_are_a_drawer_opened_by_a_button(kiosk_window, qtbot):
    kiosk_window.resize(800, 1280)
    ui = driver(qtbot, kiosk_window)
    ui.tap("card_TEST-1")
    ui.screen("readerScreen")
    qtbot.waitUntil(lambda: shown(ui.find("tocButton")))
    drawer_list = ui.find("tocList")
    assert not shown(drawer_list)  # closed: the article has the screen's width
    assert ui.find("articleView").width() > 700
    ui.tap("tocButton")
    qtbot.waitUntil(lambda: shown(ui.find("tocList")))
    heading = ui.find("articleHeading").property("text")

    def entries():
        shown_entries = [item for item in _items(kiosk_window) if item.objectName().startswith("toc_") and shown(item)]
        return sorted(shown_entries, key=lambda item: item.mapToScene(item.boundingRect().topLeft()).y())

    qtbot.waitUntil(lambda: len(entries()) > 2)  # the list fills once the drawer has slid in
    ui.tap(entries()[-1].objectName())
    qtbot.waitUntil(lambda: ui.find("articleHeading").property("text") != heading)
    qtbot.waitUntil(lambda: not shown(ui.find("tocList")))  # choosing an article closes the drawer


def test_on_a_wide_screen_the_contents_stay_beside_the_article(kiosk_window, qtbot):
    kiosk_window.resize(1280, 800)
    ui = driver(qtbot, kiosk_window)
    ui.tap("card_TEST-1")
    ui.screen("readerScreen")
    qtbot.waitUntil(lambda: shown(ui.find("tocList")))
    assert not shown(ui.find("tocButton"))


def _items(window):
    from ui.drive import items

    return items(window.contentItem())
