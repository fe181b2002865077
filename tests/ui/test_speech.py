"""Read aloud: offered only where the system has a voice for the language, never broken."""

from __future__ import annotations

import pytest

from tests.ui.helpers import driver, shown


def test_without_a_voice_the_button_is_hidden(kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)  # offscreen, no speech engine has a voice
    ui.tap("card_TEST-1")
    ui.screen("readerScreen")
    assert not shown(ui.find("readAloudButton"))
    ui.tap("language_en")
    assert not shown(ui.find("readAloudButton"))


@pytest.mark.parametrize("speech_engines", [("mock",)])
def test_with_a_voice_for_the_language_the_button_is_shown(kiosk_window, qtbot, speech_engines):
    ui = driver(qtbot, kiosk_window)  # Qt's mock engine has English voices, no Vietnamese one
    ui.tap("card_TEST-1")
    ui.screen("readerScreen")
    assert not shown(ui.find("readAloudButton"))
    ui.tap("language_en")
    qtbot.waitUntil(lambda: shown(ui.find("readAloudButton")))
    ui.tap("readAloudButton")
    qtbot.waitUntil(lambda: ui.find("readAloudButton").property("text") == "Stop reading", timeout=3000)
    ui.tap("readAloudButton")
    qtbot.waitUntil(lambda: ui.find("readAloudButton").property("text") == "Read aloud", timeout=3000)
