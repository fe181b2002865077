"""Statistics for the administrator: what the kiosk collected, per day, consultation, channel, stance and article.

The numbers come from kiosk.statistics; this only shapes them for QtCharts:
each list model has its rows (for the charts' textual equivalent) and the same
numbers as lists (a chart's bar set and category axis), with its value axis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.consultations import ConsultationRepository
from kiosk.domain import Channel, Stance
from kiosk.i18n import _
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.lists import RowListModel

if TYPE_CHECKING:
    from ui.viewmodels.staff import StaffViewModel

MAX_DAYS = 31  # the chart of days shows the most recent month of days with feedback


def scale(longest: int) -> tuple[int, int]:
    """A value axis for bars up to ``longest``: its top and the step between its ticks (1, 2, 5, 10, 20 …).

    At least a whole step above the longest bar, for the number QtCharts draws after it (it draws
    the number on the bar when there is no room). At most five steps: QtCharts turns the axis's
    numbers into "…" when its ticks are closer than a line of text.
    """
    step = 1
    while -(-longest // step) + 1 > 5:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return (-(-longest // step) + 1) * step, step


class ChartListModel(RowListModel):
    """Rows of one chart, and its numbers as lists for QtCharts (which reads no list models).

    ``LENGTH`` names the role a bar's length is; a list of a role the model has not is empty.
    """

    LENGTH = "value"
    chartChanged = Signal()

    def replace(self, rows: list[dict]) -> None:
        if rows != self.rows:
            super().replace(rows)
            self.chartChanged.emit()

    def _column(self, name: str) -> list:
        return [row[name] for row in self.rows] if name in self.ROLES else []

    def _scale(self) -> tuple[int, int]:
        return scale(max(self._column(self.LENGTH), default=0))

    labels = Property(list, lambda self: self._column("label"), notify=chartChanged)
    keys = Property(list, lambda self: self._column("key"), notify=chartChanged)
    values = Property(list, lambda self: self._column("value"), notify=chartChanged)
    agree = Property(list, lambda self: self._column("agree"), notify=chartChanged)
    disagree = Property(list, lambda self: self._column("disagree"), notify=chartChanged)
    other = Property(list, lambda self: self._column("other"), notify=chartChanged)
    top = Property(int, lambda self: self._scale()[0], notify=chartChanged)
    step = Property(int, lambda self: self._scale()[1], notify=chartChanged)


class BarListModel(ChartListModel):
    ROLES = ("key", "label", "value")


class ArticleBarListModel(ChartListModel):
    ROLES = ("label", "agree", "disagree", "other", "total")
    LENGTH = "total"


class ChoiceListModel(RowListModel):
    ROLES = ("code", "title")


def bars(pairs: list[tuple[str, str, int]]) -> list[dict]:
    """(key, label, value) rows."""
    return [{"key": key, "label": label, "value": value} for key, label, value in pairs]


@QmlElement
@QmlSingleton
class StatisticsViewModel(QObject):
    """Counts for all consultations or one, as bar charts."""

    changed = Signal()

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._staff = staff_model
        self._code = ""
        self._total = 0
        self._choices = ChoiceListModel(self)
        self._days = BarListModel(self)
        self._consultations = BarListModel(self)
        self._channels = BarListModel(self)
        self._stances = BarListModel(self)
        self._articles = ArticleBarListModel(self)

    @staticmethod
    def create(engine):
        return StatisticsViewModel(engine.singletonInstance("Kiosk.ViewModels", "StaffViewModel"))

    consultationCode = Property(str, lambda self: self._code, notify=changed)
    total = Property(int, lambda self: self._total, notify=changed)
    choices = Property(QObject, lambda self: self._choices, constant=True)
    perDay = Property(QObject, lambda self: self._days, constant=True)
    perConsultation = Property(QObject, lambda self: self._consultations, constant=True)
    perChannel = Property(QObject, lambda self: self._channels, constant=True)
    perStance = Property(QObject, lambda self: self._stances, constant=True)
    perArticle = Property(QObject, lambda self: self._articles, constant=True)

    @Slot(str)
    def choose(self, code: str) -> None:
        """All consultations (``""``) or one."""
        self._code = code
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        from kiosk import staff
        from kiosk.receipts.labels import channel_label, stance_label
        from kiosk.statistics import statistics

        if not self._staff.allowed(staff.Action.STATISTICS):
            return
        store = self._ctx.store
        titles = {c.code: c.title for c in ConsultationRepository(store).all()}
        if self._code not in titles:
            self._code = ""
        self._choices.replace([{"code": "", "title": _("All consultations")}] + [{"code": c, "title": t} for c, t in titles.items()])
        numbers = statistics(store, self._code or None)
        self._total = numbers.total
        self._days.replace(bars([(d.isoformat(), d.strftime("%d/%m"), n) for d, n in numbers.per_day[-MAX_DAYS:]]))
        self._consultations.replace(bars([(code, titles.get(code, code), n) for code, n in numbers.per_consultation]))
        self._channels.replace(bars([(c.value, channel_label(c, _), numbers.per_channel.get(c.value, 0)) for c in Channel]))
        self._stances.replace(bars([(s.value, stance_label(s, _), numbers.per_stance.get(s.value, 0)) for s in Stance]))
        # Across consultations the same article number names different articles: shown for one consultation only.
        articles = numbers.per_article if self._code else []
        self._articles.replace(
            [{"label": a.label, "agree": a.agree, "disagree": a.disagree, "other": a.other, "total": a.total} for a in articles]
        )
        self.changed.emit()
