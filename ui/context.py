"""The composition root's objects, handed to QML singletons when the engine creates them.

app.py fills this before loading QML; a view-model singleton's ``create``
reads it. Nothing else in ui/ holds global state.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.clock import Clock
    from kiosk.home import Home
    from kiosk.storage.db import Store
    from kiosk.visit import Visit

Hook = Callable[[], None]


@dataclass
class AppContext:
    home: Home
    store: Store
    clock: Clock
    language: str = "vi"  # the kiosk's own language: every visit starts in it
    # Prints the receipt of a stored code; runs on a worker thread; raises kiosk.printing.PrinterError.
    print_receipt: Callable[[str], None] | None = None
    # Text-to-speech engines to try, in order; None: every installed engine but Qt's "mock".
    speech_engines: tuple[str, ...] | None = None
    # Called when a visit ends (idle, "done", an unexpected error): each view-model forgets its state.
    on_visit_end: list[Hook] = field(default_factory=list)
    # Called after the language changed, for texts the view-models translated in Python.
    on_language: list[Hook] = field(default_factory=list)

    @functools.cached_property
    def visit(self) -> Visit:
        """The feedback being composed: shared by the feedback, questions, consent and review screens.

        Made when first needed: the home screen composes nothing.
        """
        from kiosk.visit import Visit

        return Visit()


_current: AppContext | None = None


def set_context(context: AppContext) -> None:
    global _current
    _current = context


def context() -> AppContext:
    if _current is None:
        raise RuntimeError("the application context is not set; load QML through ui.app")
    return _current
