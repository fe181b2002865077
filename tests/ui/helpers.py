"""Finding and touching QML items the way a person would (ui.drive), with pytest-qt's waiting."""

from __future__ import annotations

from ui.drive import Driver, current_screen, find, items, shown, tap

__all__ = ["current_screen", "driver", "find", "items", "shown", "tap"]


def driver(qtbot, window) -> Driver:
    return Driver(window, wait_until=qtbot.waitUntil, pause=qtbot.wait)
