"""UI fixtures: the real QML, offscreen, with the real view-models over a test store."""

from __future__ import annotations

import pytest

from ui.app import load_engine, make_application


class FakePrinting:
    """Doubles ui.app.receipt_printing: records the codes it was asked to print; ``error`` makes the work raise."""

    def __init__(self) -> None:
        self.printed: list[str] = []
        self.error: Exception | None = None

    def __call__(self, code: str):
        def work() -> None:
            if self.error is not None:
                raise self.error
            self.printed.append(code)

        return work


@pytest.fixture
def printing():
    return FakePrinting()


@pytest.fixture
def speech_engines():
    """None (the real engines, as the kiosk uses them) would reach whatever speech-dispatcher this
    machine has: the tests get no engine unless they ask for one (Qt's "mock", or "speechd" with a
    private speech-dispatcher, tests/ui/test_speech.py)."""
    return ()


@pytest.fixture
def kiosk_window(qapp, qtbot, store, home, clock, printing, speech_engines):
    """The kiosk's main window on the test store; closed and deleted after the test."""
    make_application()
    engine, window = load_engine(home, store, clock, "vi", print_receipt=printing, speech_engines=speech_engines)
    window.setProperty("allowClose", True)
    window.show()
    qtbot.waitUntil(lambda: window.property("screensReady"))  # the screens beyond home follow the first frame
    yield window
    window.setProperty("allowClose", True)
    window.close()
    engine.deleteLater()  # now, not at some later garbage collection: its timers must stop
    del engine
    qtbot.wait(10)
