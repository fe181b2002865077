"""Read aloud: offered only where the system has a voice for the language, never broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtQml import QQmlEngine

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


@pytest.fixture
def speech_dispatcher(tmp_path, monkeypatch):
    """A private speech-dispatcher with espeak-ng, its sound going nowhere (libao's null driver):
    the real engine, on any machine that has it installed, whatever its sound card."""
    server = shutil.which("speech-dispatcher")
    modules = Path("/usr/lib/speech-dispatcher-modules")
    if server is None or not Path("/etc/speech-dispatcher/speechd.conf").exists():
        pytest.skip("speech-dispatcher is not installed (scripts/system-deps.sh test)")
    if not (modules / "sd_espeak-ng").exists():
        pytest.skip("speech-dispatcher has no espeak-ng module (Debian: speech-dispatcher-espeak-ng)")
    from PySide6.QtTextToSpeech import QTextToSpeech

    if "speechd" not in QTextToSpeech.availableEngines():
        pytest.skip("Qt has no speechd engine plugin here")
    config = tmp_path / "speechd"
    shutil.copytree("/etc/speech-dispatcher", config)
    with (config / "speechd.conf").open("a", encoding="utf-8") as fh:
        fh.write('\nAudioOutputMethod "libao"\n')
    (tmp_path / ".libao").write_text("default_driver=null\n", encoding="utf-8")
    socket = tmp_path / "speechd.sock"
    process = subprocess.Popen(
        [server, "--run-single", "--timeout", "60", "--config-dir", str(config), "--communication-method", "unix_socket",
         "--socket-path", str(socket), "--log-dir", str(tmp_path / "log")],
        env={**os.environ, "HOME": str(tmp_path)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not socket.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if not socket.exists():
        process.kill()
        pytest.skip("speech-dispatcher did not start here")
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{socket}")
    yield
    process.terminate()
    process.wait(10)


def _speech_view_model(window):
    engine = QQmlEngine.contextForObject(window).engine()
    return engine.singletonInstance("Kiosk.ViewModels", "SpeechViewModel")


@pytest.mark.parametrize("speech_engines", [("speechd",)])
def test_read_aloud_speaks_vietnamese_with_the_real_speechd_engine(speech_dispatcher, kiosk_window, qtbot, speech_engines):
    ui = driver(qtbot, kiosk_window)
    speech = _speech_view_model(kiosk_window)
    states = []
    speech.speakingChanged.connect(lambda: states.append(speech.property("speaking")))
    ui.tap("card_TEST-1")
    ui.screen("readerScreen")
    # espeak-ng has a Vietnamese voice: the button appears once the engine, built off the GUI thread, is known.
    qtbot.waitUntil(lambda: shown(ui.find("readAloudButton")), timeout=30000)
    assert ui.find("readAloudButton").property("text") == "Đọc to"
    ui.tap("readAloudButton")
    qtbot.waitUntil(lambda: states[-2:] == [True, False], timeout=20000)  # it started, and stopped when done
    assert ui.find("readAloudButton").property("text") == "Đọc to"
    [engine] = [child for child in speech.children() if child.metaObject().className() == "QTextToSpeech"]
    assert engine.engine() == "speechd" and engine.locale().language() == QLocale.Language.Vietnamese
