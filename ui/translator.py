"""QML's qsTr() routed to the same gettext catalogues as Python's _() (as Electrum does)."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from kiosk.i18n import _


class GettextTranslator(QTranslator):
    def translate(self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1) -> str:
        if not source_text:
            return source_text
        return _(source_text)

    def isEmpty(self) -> bool:
        return False
