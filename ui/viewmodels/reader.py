"""The reader: a consultation's draft, its table of contents, one article at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.consultations import ConsultationRepository
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.lists import RowListModel

if TYPE_CHECKING:
    from kiosk.reader import DraftReader, Page


class TocListModel(RowListModel):
    ROLES = ("nodeId", "label", "level", "isPage", "current", "commented")


class BlockListModel(RowListModel):
    ROLES = ("nodeId", "level", "marker", "body")


@QmlElement
@QmlSingleton
class ReaderViewModel(QObject):
    """The draft being read: title, table of contents, the current article, next and previous."""

    consultationChanged = Signal()
    pageChanged = Signal()
    commentedChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._toc = TocListModel(self)
        self._blocks = BlockListModel(self)
        self._reader: DraftReader | None = None
        self._consultation: dict = {}
        self._page: Page | None = None
        self._commented = False
        ctx = self._ctx
        ctx.visit.subscribe(self._on_visit_changed)
        ctx.on_visit_end.append(self.reset)

    @staticmethod
    def create(engine):
        return ReaderViewModel()

    # -- the consultation ---------------------------------------------

    def _c(self, key: str):
        return self._consultation.get(key, "")

    consultationCode = Property(str, lambda self: self._c("code"), notify=consultationChanged)
    title = Property(str, lambda self: self._c("title"), notify=consultationChanged)
    agency = Property(str, lambda self: self._c("agency"), notify=consultationChanged)
    summary = Property(str, lambda self: self._c("summary"), notify=consultationChanged)
    toc = Property(QObject, lambda self: self._toc, constant=True)
    blocks = Property(QObject, lambda self: self._blocks, constant=True)

    @Slot(str)
    def open(self, code: str) -> None:
        """Open a consultation's current draft at its first article."""
        from kiosk.reader import DraftReader

        ctx = self._ctx
        repo = ConsultationRepository(ctx.store)
        consultation = repo.get(code)
        draft_id = repo.current_draft_id(code)
        self._reader = DraftReader(repo.nodes(draft_id) if draft_id is not None else [])
        ctx.visit.start(code, repo.questions(code))
        self._consultation = {
            "code": consultation.code,
            "title": consultation.title,
            "agency": consultation.agency,
            "summary": consultation.summary,
        }
        self.consultationChanged.emit()
        self._page = None
        first = self._reader.first_page()
        if first is not None:
            self.openPage(first)
        else:
            self._show(None)

    # -- the page -----------------------------------------------------

    def _p(self, name: str, empty=""):
        return getattr(self._page, name) if self._page is not None else empty

    pageId = Property(int, lambda self: self._p("node_id", -1), notify=pageChanged)
    pageLabel = Property(str, lambda self: self._p("label"), notify=pageChanged)
    pageHeading = Property(str, lambda self: self._p("heading"), notify=pageChanged)
    pagePath = Property(str, lambda self: self._p("path"), notify=pageChanged)
    pageNumber = Property(int, lambda self: self._p("number", 0), notify=pageChanged)
    pageCount = Property(int, lambda self: self._p("count", 0), notify=pageChanged)
    hasPrevious = Property(bool, lambda self: self._p("previous_id", None) is not None, notify=pageChanged)
    hasNext = Property(bool, lambda self: self._p("next_id", None) is not None, notify=pageChanged)
    pageCommented = Property(bool, lambda self: self._commented, notify=commentedChanged)

    def _get_page_speech(self) -> str:
        if self._page is None:
            return ""
        parts = [self._page.heading] + [f"{b.marker} {b.text}".strip() for b in self._page.blocks]
        return "\n".join(parts)

    pageSpeech = Property(str, _get_page_speech, notify=pageChanged)

    def _show(self, page: Page | None) -> None:
        self._page = page
        self._blocks.replace(
            [{"nodeId": b.node_id, "level": b.level, "marker": b.marker, "body": b.text} for b in page.blocks] if page else []
        )
        self._refresh_toc()
        self._refresh_commented()
        self.pageChanged.emit()

    def _refresh_toc(self) -> None:
        visit = self._ctx.visit
        current = self._page.node_id if self._page else None
        entries = self._reader.toc() if self._reader else []
        self._toc.replace(
            [
                {
                    "nodeId": e.node_id,
                    "label": e.text,
                    "level": e.level,
                    "isPage": e.is_page,
                    "current": e.node_id == current,
                    "commented": visit.item(e.node_id) is not None,
                }
                for e in entries
            ]
        )

    def _refresh_commented(self) -> None:
        commented = self._page is not None and self._ctx.visit.item(self._page.node_id) is not None
        if commented != self._commented:
            self._commented = commented
            self.commentedChanged.emit()

    @Slot(int)
    def openPage(self, node_id: int) -> None:
        """Open the article (or appendix) holding ``node_id``: a search hit on a clause opens its article."""
        if self._reader is None:
            return
        try:
            page = self._reader.page(node_id)
        except KeyError:
            return
        if self._page is None or page.node_id != self._page.node_id:
            self._show(page)

    @Slot()
    def next(self) -> None:
        if self._page is not None and self._page.next_id is not None:
            self.openPage(self._page.next_id)

    @Slot()
    def previous(self) -> None:
        if self._page is not None and self._page.previous_id is not None:
            self.openPage(self._page.previous_id)

    def _on_visit_changed(self) -> None:
        self._refresh_toc()
        self._refresh_commented()

    @Slot()
    def reset(self) -> None:
        self._reader = None
        self._consultation = {}
        self.consultationChanged.emit()
        self._show(None)
