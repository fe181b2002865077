"""The clerk's screens: feedback entered with a resident or from a paper form, spreadsheets of paper forms,
reprinting a receipt, the day's report and blank forms.

Entered feedback goes through the same submission service as a villager's,
with the channel, the clerk, (for paper) the form's date and, when said, who
is giving the feedback (kiosk.clerk_entry).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk import i18n
from kiosk.domain import Channel, ContributorType, contributor_after_tap
from kiosk.errors import UserFacingError
from kiosk.i18n import N_, _
from kiosk.receipt_code import ALPHABET, LENGTH, group, normalise
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.background import BackgroundOp, own_store
from ui.viewmodels.drives import DriveBrowser
from ui.viewmodels.lists import RowListModel
from ui.viewmodels.receipt import printer_configured

if TYPE_CHECKING:
    from kiosk import staff
    from kiosk.feedback import FeedbackForm
    from ui.viewmodels.staff import StaffViewModel

log = logging.getLogger(__name__)


def _staff(engine) -> StaffViewModel:
    return engine.singletonInstance("Kiosk.ViewModels", "StaffViewModel")


class ChoiceListModel(RowListModel):
    ROLES = ("code", "title")


class ArticleListModel(RowListModel):
    ROLES = ("nodeId", "label", "stance", "comment")


class ReadBackListModel(RowListModel):
    ROLES = ("label", "stance", "comment")


class _ReceiptPrinting(QObject):
    """Printing a stored receipt off the UI thread, with what to say when it is done."""

    printingChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._printing = False
        self._printed = False
        self._print_message = ""
        self._done_message = ""
        self._op: BackgroundOp | None = None

    printing = Property(bool, lambda self: self._printing, notify=printingChanged)
    printMessage = Property(str, lambda self: self._print_message, notify=printingChanged)
    printed = Property(bool, lambda self: self._printed, notify=printingChanged)

    def _set_printing(self, printing: bool, message: str, printed: bool = False) -> None:
        if (printing, message, printed) != (self._printing, self._print_message, self._printed):
            self._printing, self._print_message, self._printed = printing, message, printed
            self.printingChanged.emit()

    def _prepare(self, code: str):
        """The work that prints the receipt of ``code``, read from the store here, on the UI thread.

        :raises UserFacingError: for an unknown code, or when no printing is set up
        """
        from kiosk.printing import PrinterError, printer_unavailable_message

        prepare = self._ctx.print_receipt
        if prepare is None:
            raise PrinterError(printer_unavailable_message())
        return prepare(code)

    def _start(self, work, done_message: str) -> None:
        self._set_printing(True, "")
        self._done_message = done_message
        self._op = BackgroundOp(lambda progress: work(), self)
        self._op.succeeded.connect(self._print_done)
        self._op.failed.connect(self._print_failed)
        self._op.start()

    @Slot(object)
    def _print_done(self, _result) -> None:
        self._set_printing(False, self._done_message, printed=True)

    @Slot(str)
    def _print_failed(self, message: str) -> None:
        self._set_printing(False, message)

    def _print(self, code: str, done_message: str) -> None:
        if self._printing:
            return
        try:
            work = self._prepare(code)
        except UserFacingError as error:
            self._set_printing(False, error.message)
            return
        self._start(work, done_message)


@QmlElement
@QmlSingleton
class ClerkEntryViewModel(_ReceiptPrinting):
    """One resident's feedback (assisted) or one paper form (paper): articles, stances, comments, read back, sent."""

    consultationChanged = Signal()
    currentChanged = Signal()
    visitChanged = Signal()
    dateChanged = Signal()
    errorChanged = Signal()
    sentChanged = Signal()
    contributorChanged = Signal()

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        from kiosk.visit import Visit

        super().__init__(parent)
        self._staff = staff_model
        self._visit = Visit()
        self._visit.subscribe(self._visit_changed)
        self._mode = Channel.ASSISTED
        self._consultations = ChoiceListModel(self)
        self._articles = ArticleListModel(self)
        self._read_back = ReadBackListModel(self)
        self._code = ""
        self._title = ""
        self._current = 0
        self._comments: dict[int, str] = {}  # typed before a stance was chosen
        self._form_date = self._today()
        self._error = ""
        self._form: FeedbackForm | None = None
        self._sent = ""
        # Who is giving the feedback (a ContributorType value), as the resident said or the paper form says;
        # "" when not said. One form's: cleared when the next form starts.
        self._contributor = ""
        self._ctx.on_visit_end.append(self._forget)

    @staticmethod
    def create(engine):
        return ClerkEntryViewModel(_staff(engine))

    def _today(self) -> date:
        return self._ctx.clock().date()

    mode = Property(str, lambda self: self._mode.value, notify=consultationChanged)
    consultations = Property(QObject, lambda self: self._consultations, constant=True)
    consultationCode = Property(str, lambda self: self._code, notify=consultationChanged)
    consultationTitle = Property(str, lambda self: self._title, notify=consultationChanged)
    articles = Property(QObject, lambda self: self._articles, constant=True)
    readBack = Property(QObject, lambda self: self._read_back, constant=True)
    currentNodeId = Property(int, lambda self: self._current, notify=currentChanged)
    errorMessage = Property(str, lambda self: self._error, notify=errorChanged)
    sentCode = Property(str, lambda self: group(self._sent) if self._sent else "", notify=sentChanged)
    clerkName = Property(str, lambda self: self._staff.account.display_name if self._staff.account else "", notify=consultationChanged)

    def _current_label(self) -> str:
        row = next((r for r in self._articles.rows if r["nodeId"] == self._current), None)
        return row["label"] if row else ""

    currentLabel = Property(str, _current_label, notify=currentChanged)

    def _current_stance(self) -> str:
        item = self._visit.item(self._current)
        return item.stance.value if item else ""

    currentStance = Property(str, _current_stance, notify=visitChanged)

    def _current_comment(self) -> str:
        item = self._visit.item(self._current)
        return item.comment if item and item.comment else self._comments.get(self._current, "")

    currentComment = Property(str, _current_comment, notify=currentChanged)
    commentCount = Property(int, lambda self: len(self._visit.items), notify=visitChanged)
    formDay = Property(int, lambda self: self._form_date.day, notify=dateChanged)
    formMonth = Property(int, lambda self: self._form_date.month, notify=dateChanged)
    formYear = Property(int, lambda self: self._form_date.year, notify=dateChanged)
    formDateText = Property(str, lambda self: self._form_date.strftime("%d/%m/%Y"), notify=dateChanged)

    def _set_error(self, message: str) -> None:
        if message != self._error:
            self._error = message
            self.errorChanged.emit()

    def _visit_changed(self) -> None:
        items = {item.node_id: item for item in self._visit.items}
        self._articles.update(
            [
                {**row, "stance": items[row["nodeId"]].stance.value if row["nodeId"] in items else "",
                 "comment": items[row["nodeId"]].comment if row["nodeId"] in items else ""}
                for row in self._articles.rows
            ]
        )
        self.visitChanged.emit()

    contributorTypes = Property(list, lambda self: [t.value for t in ContributorType], constant=True)
    contributorType = Property(str, lambda self: self._contributor, notify=contributorChanged)

    def _set_contributor(self, value: str) -> None:
        if value != self._contributor:
            self._contributor = value
            self.contributorChanged.emit()

    @Slot(str)
    def chooseContributor(self, value: str) -> None:
        """Say who is giving the feedback; tapping the chosen one again takes it back (not said)."""
        chosen = contributor_after_tap(self._contributor, value)
        if chosen is None:
            log.warning("unknown contributor type %r ignored", value)
            return
        self._set_contributor(chosen)

    # -- starting --------------------------------------------------------

    @Slot(str)
    def start(self, mode: str) -> None:
        """A new entry: "assisted" (with a resident) or "paper" (a paper form)."""
        from kiosk.clerk_entry import entry_consultations

        self._mode = Channel(mode)
        self._form_date = self._today()
        self.dateChanged.emit()
        choices = entry_consultations(self._ctx.store)
        self._consultations.replace([{"code": c.code, "title": c.title} for c in choices])
        codes = [c.code for c in choices]
        self._code = ""
        self.chooseConsultation(self._code if self._code in codes else (codes[0] if codes else ""))

    @Slot(str)
    def chooseConsultation(self, code: str) -> None:
        from kiosk.clerk_entry import articles

        choice = next((r for r in self._consultations.rows if r["code"] == code), None)
        self._code = choice["code"] if choice else ""
        self._title = choice["title"] if choice else ""
        self._visit.reset()
        self._visit.start(self._code, [])
        self._comments = {}
        self._set_contributor("")  # a new form: the last resident's (or paper form's) answer is not this one's
        nodes = articles(self._ctx.store, self._code) if self._code else []
        rows = [{"nodeId": n.id, "label": n.label(), "stance": "", "comment": ""} for n in nodes]
        self._articles.replace(rows)
        self._current = rows[0]["nodeId"] if rows else 0
        self._sent = ""
        self._set_error("")
        self.consultationChanged.emit()
        self.currentChanged.emit()
        self.visitChanged.emit()
        self.sentChanged.emit()

    # -- composing -------------------------------------------------------

    @Slot(int)
    def chooseArticle(self, node_id: int) -> None:
        if node_id != self._current:
            self._current = node_id
            self._set_error("")
            self.currentChanged.emit()
            self.visitChanged.emit()

    @Slot(str)
    def setStance(self, stance: str) -> None:
        if not self._current:
            return
        try:
            self._visit.set_item(self._current, stance, self._current_comment())
        except UserFacingError as error:
            self._set_error(error.message)

    @Slot(str)
    def setComment(self, text: str) -> None:
        if not self._current:
            return
        item = self._visit.item(self._current)
        try:
            if item is None:
                self._comments[self._current] = text
            else:
                self._visit.set_item(self._current, item.stance, text)
            self._set_error("")
        except UserFacingError as error:
            self._set_error(error.message)

    @Slot()
    def clearArticle(self) -> None:
        self._comments.pop(self._current, None)
        self._visit.remove_item(self._current)
        self.currentChanged.emit()

    @Slot(str, int)
    def stepDate(self, part: str, delta: int) -> None:
        from kiosk.clerk_entry import shift_date

        moved = shift_date(self._form_date, part, delta, latest=self._today())
        if moved != self._form_date:
            self._form_date = moved
            self.dateChanged.emit()

    # -- reading back and sending ------------------------------------------

    def _action(self) -> staff.Action:
        from kiosk import staff

        return staff.Action.PAPER_ENTRY if self._mode == Channel.PAPER else staff.Action.ASSISTED_ENTRY

    @Slot(result=bool)
    def review(self) -> bool:
        """Make the form and its read-back; False (with the reason shown) when it cannot be sent."""
        from kiosk import staff
        from kiosk.clerk_entry import read_back, staff_form

        try:
            account = staff.check(self._staff.account, self._action())
            if not self._visit.has_feedback():
                self._set_error(_("Choose Agree, Disagree or Other opinion for at least one article."))
                return False
            form = staff_form(self._visit, self._mode, account.display_name, form_date=self._form_date, locale=i18n.current_language())
        except UserFacingError as error:
            self._set_error(error.message)
            return False
        self._form = form  # who is giving the feedback is asked on the read-back, and joins the form when sent
        self._read_back.replace(
            [{"label": line.label, "stance": line.stance.value, "comment": line.comment} for line in read_back(self._ctx.store, form)]
        )
        self._set_error("")
        return True

    @Slot(result=bool)
    def send(self) -> bool:
        """Store the form read back; the resident's receipt prints when a printer is set up."""
        from kiosk import staff
        from kiosk.clerk_entry import staff_form
        from kiosk.submissions import SubmissionService  # here: its sealing (PyNaCl) is not needed before the first frame

        if self._form is None:
            return False
        try:
            account = staff.check(self._staff.account, self._action())
            # The form read back, made again with who is giving the feedback, chosen on the read-back;
            # the entry cannot change while it is shown (it is under the read-back).
            form = staff_form(
                self._visit,
                self._mode,
                account.display_name,
                form_date=self._form_date,
                locale=self._form.locale,
                contributor_type=self._contributor,
            )
            submitted = SubmissionService(self._ctx.store, self._ctx.clock).submit(form)
        except UserFacingError as error:
            self._set_error(error.message)
            return False
        self._sent = submitted.receipt.code
        self._form = None
        self._read_back.replace([])  # sent: going back to the read-back cannot send it twice
        self._set_printing(False, "")
        self.sentChanged.emit()
        if self._mode == Channel.ASSISTED and printer_configured(self._ctx.store):
            self.printReceipt()
        return True

    @Slot()
    def printReceipt(self) -> None:
        if self._sent:
            self._print(self._sent, _("The receipt was printed."))

    @Slot()
    def next(self) -> None:
        """The next resident or paper form: same consultation and (for paper) the same date."""
        date_kept = self._form_date
        self.chooseConsultation(self._code)
        self._form_date = date_kept
        self._set_printing(False, "")

    def _forget(self) -> None:
        self._visit.reset()
        self._comments = {}
        self._set_contributor("")
        self._form = None
        self._sent = ""
        self._read_back.replace([])
        self.sentChanged.emit()


class ImportRowListModel(RowListModel):
    ROLES = ("row", "problem", "line")


@QmlElement
@QmlSingleton
class PaperImportViewModel(QObject):
    """A spreadsheet of transcribed paper forms on a USB stick, imported, and its report row by row."""

    stateChanged = Signal()

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        from kiosk.removable_drives import SPREADSHEET_SUFFIXES

        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._staff = staff_model
        self._browser = DriveBrowser(SPREADSHEET_SUFFIXES, parent=self)
        self._rows = ImportRowListModel(self)
        self._busy = False
        self._outcome = ""
        self._message = ""
        self._counts = (0, 0, 0)
        self._file = ""
        self._op: BackgroundOp | None = None

    @staticmethod
    def create(engine):
        return PaperImportViewModel(_staff(engine))

    browser = Property(QObject, lambda self: self._browser, constant=True)
    rows = Property(QObject, lambda self: self._rows, constant=True)
    busy = Property(bool, lambda self: self._busy, notify=stateChanged)
    outcome = Property(str, lambda self: self._outcome, notify=stateChanged)
    message = Property(str, lambda self: self._message, notify=stateChanged)
    fileName = Property(str, lambda self: Path(self._file).name if self._file else "", notify=stateChanged)
    importedCount = Property(int, lambda self: self._counts[0], notify=stateChanged)
    duplicateCount = Property(int, lambda self: self._counts[1], notify=stateChanged)
    errorCount = Property(int, lambda self: self._counts[2], notify=stateChanged)

    def _show(self, outcome: str, message: str, busy: bool = False) -> None:
        self._outcome, self._message, self._busy = outcome, message, busy
        self.stateChanged.emit()

    @Slot(str)
    def importFile(self, path: str) -> None:
        from kiosk import staff

        if self._busy:
            return
        try:
            staff.check(self._staff.account, staff.Action.PAPER_IMPORT)
        except UserFacingError as error:
            self._show("failed", error.message)
            return
        store, clock, file = self._ctx.store, self._ctx.clock, Path(path)

        def work(progress):
            from kiosk.paper_import import PaperImporter  # here: openpyxl is not needed before the first frame
            from kiosk.submissions import SubmissionService

            with own_store(store) as own:
                return PaperImporter(SubmissionService(own, clock)).import_file(file)

        self._file = path
        self._counts = (0, 0, 0)
        self._rows.replace([])
        self._show("", "", busy=True)
        self._op = BackgroundOp(work, self)
        self._op.succeeded.connect(self._imported)
        self._op.failed.connect(self._failed)
        self._op.start()

    @Slot(object)
    def _imported(self, report) -> None:
        self._counts = (len(report.imported), len(report.duplicates), len(report.errors))
        rows = [
            {"row": r.row, "problem": "error", "line": _("row {row}: not imported: {reason}").format(row=r.row, reason=r.error)}
            for r in report.errors
        ] + [
            {"row": r.row, "problem": "duplicate",
             "line": _("row {row}: already imported, receipt {code}").format(row=r.row, code=group(r.receipt_code))}
            for r in report.duplicates
        ]
        self._rows.replace(sorted(rows, key=lambda r: r["row"]))
        summary = _("{imported} imported, {duplicates} already imported, {errors} with errors.").format(
            imported=self._counts[0], duplicates=self._counts[1], errors=self._counts[2]
        )
        imported, duplicates, errors = self._counts
        self._record(
            N_("{file}: {imported} imported, {duplicates} already imported, {errors} with errors"),
            file=Path(self._file).name,
            imported=imported,
            duplicates=duplicates,
            errors=errors,
        )
        self._show("done", summary)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._record(N_("{file}: refused: {reason}"), file=Path(self._file).name, reason=message)
        self._show("failed", message)

    def _record(self, message: str, **values: object) -> None:
        """Log the import, its detail kept as ``message`` (N_-marked) and values: the log reads in its reader's language."""
        from kiosk import audit, staff

        try:
            self._staff.record(staff.Action.PAPER_IMPORT, audit.detail(message, **values))
        except UserFacingError:
            log.exception("the paper import could not be recorded")


@QmlElement
@QmlSingleton
class ReprintViewModel(_ReceiptPrinting):
    """A receipt printed again from its code, typed on a keypad of the code's symbols."""

    typedChanged = Signal()

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._staff = staff_model
        self._typed = ""
        self._ctx.on_visit_end.append(self.clear)

    @staticmethod
    def create(engine):
        return ReprintViewModel(_staff(engine))

    symbols = Property(list, lambda self: list(ALPHABET), constant=True)
    typed = Property(str, lambda self: group(self._typed), notify=typedChanged)
    complete = Property(bool, lambda self: len(self._typed) == LENGTH, notify=typedChanged)

    def _set_typed(self, typed: str) -> None:
        if typed != self._typed:
            self._typed = typed
            self.typedChanged.emit()
            self._set_printing(False, "")

    @Slot(str)
    def append(self, symbol: str) -> None:
        if symbol in ALPHABET and len(self._typed) < LENGTH:
            self._set_typed(self._typed + symbol)

    @Slot()
    def backspace(self) -> None:
        self._set_typed(self._typed[:-1])

    @Slot()
    def clear(self) -> None:
        self._set_typed("")

    @Slot()
    def reprint(self) -> None:
        from kiosk import staff

        if self._printing:
            return
        try:
            code = normalise(self._typed)
            work = self._prepare(code)  # an unknown code is refused before anything is recorded
            self._staff.record(staff.Action.REPRINT, group(code))
        except UserFacingError as error:
            self._set_printing(False, error.message)
            return
        self._start(work, _("The receipt {code} was printed again.").format(code=group(code)))


class DocumentChoiceListModel(RowListModel):
    ROLES = ("code", "title")


@QmlElement
@QmlSingleton
class DocumentsViewModel(QObject):
    """The day's report for a chosen day, and blank paper forms for a consultation, printed or saved as PDF."""

    stateChanged = Signal()
    dayChanged = Signal()

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._staff = staff_model
        self._day = self._ctx.clock().date()
        self._consultations = DocumentChoiceListModel(self)
        self._busy = False
        self._outcome = ""
        self._message = ""
        self._op: BackgroundOp | None = None

    @staticmethod
    def create(engine):
        return DocumentsViewModel(_staff(engine))

    consultations = Property(QObject, lambda self: self._consultations, constant=True)
    dayText = Property(str, lambda self: self._day.strftime("%d/%m/%Y"), notify=dayChanged)
    isToday = Property(bool, lambda self: self._day == self._ctx.clock().date(), notify=dayChanged)
    busy = Property(bool, lambda self: self._busy, notify=stateChanged)
    outcome = Property(str, lambda self: self._outcome, notify=stateChanged)
    message = Property(str, lambda self: self._message, notify=stateChanged)

    def _show(self, outcome: str, message: str, busy: bool = False) -> None:
        self._outcome, self._message, self._busy = outcome, message, busy
        self.stateChanged.emit()

    @Slot()
    def refresh(self) -> None:
        from kiosk.clerk_entry import entry_consultations

        self._day = self._ctx.clock().date()
        self.dayChanged.emit()
        self._consultations.replace([{"code": c.code, "title": c.title} for c in entry_consultations(self._ctx.store)])
        self._show("", "")

    @Slot(int)
    def stepDay(self, delta: int) -> None:
        from kiosk.clerk_entry import shift_date

        moved = shift_date(self._day, "day", delta, latest=self._ctx.clock().date())
        if moved != self._day:
            self._day = moved
            self.dayChanged.emit()

    def _print(self, action: staff.Action, detail: str, make_pdf, size: str, job_name: str, kind: str) -> None:
        from ui.documents import print_document

        if self._busy:
            return
        try:
            self._staff.record(action, detail)
        except UserFacingError as error:
            self._show("failed", error.message)
            return
        store = self._ctx.store
        send = print_document(store, self._ctx.home, job_name, kind)

        def work(progress):
            with own_store(store) as own:
                pdf = make_pdf(own)
            return send(pdf, size)

        self._show("", "", busy=True)
        self._op = BackgroundOp(work, self)
        self._op.succeeded.connect(self._printed)
        self._op.failed.connect(self._failed)
        self._op.start()

    @Slot(object)
    def _printed(self, message) -> None:
        self._show("done", message)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._show("failed", message)

    @Slot()
    def printDailyReport(self) -> None:
        from kiosk import staff

        day, language = self._day, i18n.current_language()

        def make(store):
            from kiosk.receipt_documents import daily_report_pdf

            return daily_report_pdf(store, day, language=language)

        self._print(staff.Action.DAILY_REPORT, day.isoformat(), make, "a4", "Gópý report", "report")

    @Slot(str)
    def printBlankForm(self, code: str) -> None:
        from kiosk import staff

        language = i18n.current_language()

        def make(store):
            from kiosk.blank_forms import blank_form_pdf  # reportlab: loaded when first printed, not at start

            return blank_form_pdf(store, code, language=language)

        self._print(staff.Action.BLANK_FORMS, code, make, "a4", "Gópý form", "blank-form")
