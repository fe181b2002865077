"""The results of a closed consultation: what the notice-board poster prints, on screen."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.errors import NotFoundError
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)


@QmlElement
@QmlSingleton
class ResultsViewModel(QObject):
    """One closed consultation's results, in the kiosk's current language."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._code = ""
        self._data: dict = {}
        self._ctx.on_visit_end.append(self.reset)
        self._ctx.on_language.append(self._reload)

    @staticmethod
    def create(engine):
        return ResultsViewModel()

    def _get(self, key: str, default=""):
        return self._data.get(key, default)

    code = Property(str, lambda self: self._code, notify=changed)
    heading = Property(str, lambda self: self._get("heading"), notify=changed)
    title = Property(str, lambda self: self._get("title"), notify=changed)
    agency = Property(str, lambda self: self._get("agency"), notify=changed)
    period = Property(str, lambda self: self._get("period"), notify=changed)
    summary = Property("QVariantList", lambda self: self._get("summary", []), notify=changed)
    # [{heading, columns, note, rows: [{label, text, detail, figures}]}]
    tables = Property("QVariantList", lambda self: self._get("tables", []), notify=changed)
    reportHint = Property(str, lambda self: self._get("report_hint"), notify=changed)
    qrCaption = Property(str, lambda self: self._get("qr_caption"), notify=changed)
    qrSource = Property(str, lambda self: self._get("qr"), notify=changed)
    errorMessage = Property(str, lambda self: self._get("error"), notify=changed)

    @Slot(str)
    def open(self, code: str) -> None:
        self._code = code
        self._reload()

    def _reload(self) -> None:
        from kiosk.results import results_for
        from ui.qr_image import qr_source

        if not self._code:
            return
        try:
            results = results_for(self._ctx.store, self._code)
        except NotFoundError as error:
            self._data = {"error": error.message}
            self.changed.emit()
            return
        self._data = {
            "heading": results.heading,
            "title": results.title,
            "agency": results.agency,
            "period": results.period,
            "summary": list(results.summary),
            "tables": [
                {
                    "heading": table.heading,
                    "columns": list(table.columns),
                    "note": table.note,
                    "rows": [
                        {"label": row.label, "text": row.text, "detail": row.detail, "figures": list(row.figures)} for row in table.rows
                    ],
                }
                for table in results.tables
            ],
            "report_hint": results.report_hint,
            "qr_caption": results.qr_caption,
            "qr": qr_source(results.report_url) if results.report_url else "",
        }
        self.changed.emit()

    @Slot()
    def reset(self) -> None:
        self._code = ""
        self._data = {}
        self.changed.emit()
