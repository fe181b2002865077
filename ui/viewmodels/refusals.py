"""The one translated line a screen shows when what the person did was refused."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal


class RefusalMessage(QObject):
    """A view-model whose screen shows ``errorMessage``; empty when nothing was refused."""

    errorChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._error = ""

    errorMessage = Property(str, lambda self: self._error, notify=errorChanged)

    def _set_error(self, message: str) -> None:
        if message != self._error:
            self._error = message
            self.errorChanged.emit()
