"""Searching inside the draft being read, with or without diacritics."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.consultations import ConsultationRepository
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.lists import RowListModel

LIMIT = 30


def _styled(snippet: str) -> str:
    """The snippet as Qt styled text, the matched words in bold."""
    from html import escape

    from kiosk.search import MARK_END, MARK_START

    return escape(snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")


class SearchResultListModel(RowListModel):
    ROLES = ("nodeId", "label", "snippet")


@QmlElement
@QmlSingleton
class SearchViewModel(QObject):
    """The search box and its results; a result opens its article in the reader."""

    queryChanged = Signal()
    resultsChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._query = ""
        self._searched = False
        self._results = SearchResultListModel(self)
        self._ctx.on_visit_end.append(self.reset)

    @staticmethod
    def create(engine):
        return SearchViewModel()

    query = Property(str, lambda self: self._query, notify=queryChanged)
    results = Property(QObject, lambda self: self._results, constant=True)
    # A search was made and found nothing: say so, rather than show an empty screen.
    nothingFound = Property(bool, lambda self: self._searched and self._results.count == 0, notify=resultsChanged)

    @Slot(str, str)
    def search(self, consultation_code: str, query: str) -> None:
        from kiosk.search import search
        from kiosk.text import clean

        query = clean(query)
        if query != self._query:
            self._query = query
            self.queryChanged.emit()
        hits = []
        if query.strip():
            draft_id = ConsultationRepository(self._ctx.store).current_draft_id(consultation_code)
            if draft_id is not None:
                hits = search(self._ctx.store, query, draft_id=draft_id, limit=LIMIT)
        self._searched = bool(query.strip())
        self._results.replace([{"nodeId": h.node_id, "label": h.label, "snippet": _styled(h.snippet)} for h in hits])
        self.resultsChanged.emit()

    @Slot()
    def reset(self) -> None:
        self._query = ""
        self._searched = False
        self._results.replace([])
        self.queryChanged.emit()
        self.resultsChanged.emit()
