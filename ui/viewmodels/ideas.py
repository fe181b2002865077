"""An ideas call: the board of ideas (support one), and the form to write a new one."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.consultations import ConsultationRepository
from kiosk.errors import NotFoundError, UserFacingError
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.lists import RowListModel
from ui.viewmodels.refusals import RefusalMessage


class IdeaListModel(RowListModel):
    ROLES = ("ideaId", "ref", "text", "problem", "proposal", "category", "hamlet", "supports", "supported", "writtenHere", "communeName")


class MyIdeaListModel(RowListModel):
    ROLES = ("index", "category", "hamlet", "problem", "proposal")


class MySupportListModel(RowListModel):
    ROLES = ("ideaId", "ref", "text")


@QmlElement
@QmlSingleton
class IdeasViewModel(RefusalMessage):
    """The ideas of one call, most supported first, with the person's supports and ideas of this visit."""

    callChanged = Signal()
    filterChanged = Signal()
    visitChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._ideas = IdeaListModel(self)
        self._mine = MyIdeaListModel(self)
        self._supported = MySupportListModel(self)
        self._clear()
        self._ctx.visit.subscribe(self._on_visit)
        self._ctx.on_visit_end.append(self.reset)

    def _clear(self) -> None:
        self._code = ""
        self._title = ""
        self._agency = ""
        self._categories: list[str] = []
        self._hamlets: list[str] = []
        self._category = ""
        self._hamlet = ""
        self._error = ""
        self._counts = (0, 0)

    @staticmethod
    def create(engine):
        return IdeasViewModel()

    code = Property(str, lambda self: self._code, notify=callChanged)
    title = Property(str, lambda self: self._title, notify=callChanged)
    agency = Property(str, lambda self: self._agency, notify=callChanged)
    categories = Property("QVariantList", lambda self: self._categories, notify=callChanged)
    hamlets = Property("QVariantList", lambda self: self._hamlets, notify=callChanged)
    categoryFilter = Property(str, lambda self: self._category, notify=filterChanged)
    hamletFilter = Property(str, lambda self: self._hamlet, notify=filterChanged)
    ideas = Property(QObject, lambda self: self._ideas, constant=True)
    myIdeas = Property(QObject, lambda self: self._mine, constant=True)
    mySupports = Property(QObject, lambda self: self._supported, constant=True)
    ideaCount = Property(int, lambda self: self._counts[0], notify=visitChanged)
    supportCount = Property(int, lambda self: self._counts[1], notify=visitChanged)

    @Slot(str)
    def open(self, code: str) -> None:
        """Open an ideas call: its board, unfiltered."""
        from kiosk.ideas import IdeaBoard

        ctx = self._ctx
        repo = ConsultationRepository(ctx.store)
        consultation = repo.get(code)
        ctx.visit.start(code, repo.questions(code))
        self._code = code
        self._title = consultation.title
        self._agency = consultation.agency
        self._categories = list(repo.categories(code))
        self._hamlets = IdeaBoard(ctx.store).hamlets(code)
        self._category = ""
        self._hamlet = ""
        self.callChanged.emit()
        self.filterChanged.emit()
        self._set_error("")
        self.refresh()

    @Slot(str)
    def setCategoryFilter(self, category: str) -> None:
        self._category = "" if category == self._category else category
        self.filterChanged.emit()
        self.refresh()

    @Slot(str)
    def setHamletFilter(self, hamlet: str) -> None:
        self._hamlet = "" if hamlet == self._hamlet else hamlet
        self.filterChanged.emit()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if not self._code:
            self._ideas.replace([])
            return
        from kiosk.ideas import IdeaBoard

        visit = self._ctx.visit
        board = IdeaBoard(self._ctx.store).ideas(self._code, category=self._category, hamlet=self._hamlet)
        self._ideas.replace(
            [
                {
                    "ideaId": idea.id,
                    "ref": idea.ref,
                    "text": idea.text,
                    "problem": idea.problem,
                    "proposal": idea.proposal,
                    "category": idea.category,
                    "hamlet": idea.hamlet,
                    # what the person sees counts their own support of this visit too
                    "supports": idea.supports + (1 if visit.supports_idea(idea.id) else 0),
                    "supported": visit.supports_idea(idea.id),
                    "writtenHere": idea.written_here,
                    "communeName": idea.commune_name,
                }
                for idea in board
            ]
        )

    @Slot(str)
    def toggleSupport(self, idea_id: str) -> None:
        """ "Tôi cũng gặp vấn đề này": support the idea in this visit, or take the support back."""
        visit = self._ctx.visit
        try:
            if visit.supports_idea(idea_id):
                visit.withdraw_support(idea_id)
            else:
                visit.support(idea_id)
        except UserFacingError as error:
            self._set_error(error.message)
            return
        self._set_error("")

    @Slot(int)
    def removeIdea(self, index: int) -> None:
        if 0 <= index < len(self._ctx.visit.ideas):
            self._ctx.visit.remove_idea(index)

    def _on_visit(self) -> None:
        from kiosk.ideas import IdeaBoard

        visit = self._ctx.visit
        self._mine.replace(
            [
                {"index": i, "category": idea.category, "hamlet": idea.hamlet, "problem": idea.problem, "proposal": idea.proposal}
                for i, idea in enumerate(visit.ideas)
            ]
        )
        board = IdeaBoard(self._ctx.store)
        supported = []
        for idea_id in visit.supports:
            try:
                view = board.idea(idea_id)
            except NotFoundError:
                continue
            supported.append({"ideaId": idea_id, "ref": view.ref, "text": view.text})
        self._supported.replace(supported)
        counts = (len(visit.ideas), len(visit.supports))
        if counts != self._counts:
            self._counts = counts
            self.visitChanged.emit()
        if self._code:
            self.refresh()

    @Slot()
    def reset(self) -> None:
        self._clear()
        self._ideas.replace([])
        self.callChanged.emit()
        self.filterChanged.emit()
        self.errorChanged.emit()
        self.visitChanged.emit()


@QmlElement
@QmlSingleton
class IdeaFormViewModel(RefusalMessage):
    """A new idea being written: category, hamlet, problem, proposal. Saving adds it to the visit."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._clear()
        self._ctx.on_visit_end.append(self.reset)

    def _clear(self) -> None:
        self._category = ""
        self._hamlet = ""
        self._problem = ""
        self._proposal = ""
        self._error = ""

    @staticmethod
    def create(engine):
        return IdeaFormViewModel()

    category = Property(str, lambda self: self._category, notify=changed)
    hamlet = Property(str, lambda self: self._hamlet, notify=changed)
    problem = Property(str, lambda self: self._problem, notify=changed)
    proposal = Property(str, lambda self: self._proposal, notify=changed)
    canSave = Property(
        bool,
        lambda self: bool(self._category and self._hamlet.strip() and (self._problem.strip() or self._proposal.strip())),
        notify=changed,
    )

    def _set(self, name: str, value: str) -> None:
        if getattr(self, name) != value:
            setattr(self, name, value)
            self.changed.emit()

    @Slot()
    def start(self) -> None:
        """A blank form."""
        self._clear()
        self.changed.emit()
        self.errorChanged.emit()

    @Slot(str)
    def setCategory(self, category: str) -> None:
        self._set("_category", category)

    @Slot(str)
    def setHamlet(self, hamlet: str) -> None:
        self._set("_hamlet", hamlet)

    @Slot(str)
    def setProblem(self, text: str) -> None:
        self._set("_problem", text)

    @Slot(str)
    def setProposal(self, text: str) -> None:
        self._set("_proposal", text)

    @Slot(result=bool)
    def save(self) -> bool:
        """Put the idea in the visit; False (with a message) when it cannot be kept."""
        try:
            self._ctx.visit.add_idea(self._category, self._hamlet, self._problem, self._proposal)
        except UserFacingError as error:
            self._set_error(error.message)
            return False
        self.start()
        return True

    @Slot()
    def reset(self) -> None:
        self.start()
