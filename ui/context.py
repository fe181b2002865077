"""The composition root's objects, handed to QML singletons when the engine creates them.

app.py fills this before loading QML; a view-model singleton's ``create``
reads it. Nothing else in ui/ holds global state.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.clock import Clock
from kiosk.home import Home
from kiosk.storage.db import Store


@dataclass
class AppContext:
    home: Home
    store: Store
    clock: Clock


_current: AppContext | None = None


def set_context(context: AppContext) -> None:
    global _current
    _current = context


def context() -> AppContext:
    if _current is None:
        raise RuntimeError("the application context is not set; load QML through ui.app")
    return _current
