"""UI fixtures: the real QML, offscreen, with the real view-models over a test store."""

from __future__ import annotations

import pytest

from ui.app import load_engine, make_application


@pytest.fixture
def kiosk_window(qapp, store, home, clock):
    """The kiosk's main window on the test store; closed and deleted after the test."""
    make_application()
    engine, window = load_engine(home, store, clock, "vi")
    window.setProperty("allowClose", True)
    window.show()
    yield window
    window.close()
    del engine
