"""The home screen: open consultations as cards."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.consultations import ConsultationRepository
from kiosk.domain import ConsultationStatus
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.lists import RowListModel


class ConsultationListModel(RowListModel):
    ROLES = ("title", "code", "agency", "daysLeft", "commentCount", "summary", "kind")


class ResultListModel(RowListModel):
    ROLES = ("code", "title", "agency", "kind")


@QmlElement
@QmlSingleton
class HomeViewModel(QObject):
    """Open consultations for the home screen."""

    consultationsChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._model = ConsultationListModel(self)
        self._results = ResultListModel(self)
        self.refresh()
        self._ctx.on_visit_end.append(self.refresh)

    @staticmethod
    def create(engine):
        return HomeViewModel()

    def _get_consultations(self) -> ConsultationListModel:
        return self._model

    consultations = Property(QObject, _get_consultations, notify=consultationsChanged)
    # Closed consultations whose results the centre has sent: the "Results" cards.
    results = Property(QObject, lambda self: self._results, constant=True)

    @Slot(str, result=str)
    def kindOf(self, code: str) -> str:
        """Which screen a consultation opens on: "draft", "ideas" or "vote"."""
        return str(ConsultationRepository(self._ctx.store).get(code).kind.value)

    @Slot()
    def refresh(self) -> None:
        ctx = self._ctx
        repo = ConsultationRepository(ctx.store)
        counts = repo.submission_counts()
        today = ctx.clock().date()
        rows = [
            {
                "code": c.code,
                "title": c.title,
                "agency": c.agency,
                "summary": c.summary,
                "daysLeft": c.days_left(today),
                "commentCount": counts.get(c.code, 0),
                "kind": c.kind.value,
            }
            for c in repo.all()
            if c.status == ConsultationStatus.OPEN and c.opens_on <= today <= c.closes_on
        ]
        self._model.replace(rows)
        self._results.replace(
            [{"code": c.code, "title": c.title, "agency": c.agency, "kind": c.kind.value} for c in repo.closed_with_results()]
        )
