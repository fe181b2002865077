"""The screens only an administrator opens: packages from the centre, batches to
the centre with progress, clerks' accounts, backup and restore, the audit log.

The hidden way in is ui.viewmodels.kiosk_mode.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.errors import UserFacingError
from kiosk.i18n import N_, _
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.background import BackgroundOp, own_store
from ui.viewmodels.drives import DriveBrowser
from ui.viewmodels.lists import RowListModel

if TYPE_CHECKING:
    from kiosk import staff
    from ui.viewmodels.staff import StaffViewModel

log = logging.getLogger(__name__)


def _staff(engine) -> StaffViewModel:
    return engine.singletonInstance("Kiosk.ViewModels", "StaffViewModel")


class _AdminScreen(QObject):
    """The common part: the account acting, a busy flag, an outcome and its message."""

    stateChanged = Signal()

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._staff = staff_model
        self._busy = False
        self._outcome = ""
        self._message = ""
        self._op: BackgroundOp | None = None

    busy = Property(bool, lambda self: self._busy, notify=stateChanged)
    outcome = Property(str, lambda self: self._outcome, notify=stateChanged)
    message = Property(str, lambda self: self._message, notify=stateChanged)

    def _show(self, outcome: str, message: str, *, busy: bool = False) -> None:
        if (outcome, message, busy) != (self._outcome, self._message, self._busy):
            self._outcome, self._message, self._busy = outcome, message, busy
            self.stateChanged.emit()

    def _allowed(self, action: staff.Action) -> bool:
        from kiosk import staff

        try:
            staff.check(self._staff.account, action)
        except staff.NotAllowed as error:
            self._show("refused", error.message)
            return False
        return True

    def _run(self, work, on_success, on_failure, on_progress=None) -> None:
        self._show("", "", busy=True)
        self._op = BackgroundOp(work, self)
        self._op.succeeded.connect(on_success)
        self._op.failed.connect(on_failure)
        if on_progress is not None:
            self._op.progressed.connect(on_progress)
        self._op.start()

    def _record(self, action: staff.Action, message: str, **values: object) -> None:
        """Log the action, its detail kept as ``message`` (N_-marked) and values: the log reads in its reader's language."""
        from kiosk import audit

        try:
            self._staff.record(action, audit.detail(message, **values))
        except UserFacingError:
            log.exception("an administrator's action could not be recorded")

    @Slot()
    def clear(self) -> None:
        if not self._busy:
            self._show("", "")


@QmlElement
@QmlSingleton
class PackageImportViewModel(_AdminScreen):
    """A package from the centre on a USB stick: applied, already applied, or refused with its reason."""

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        from kiosk.removable_drives import PACKAGE_SUFFIXES

        super().__init__(staff_model, parent)
        self._browser = DriveBrowser(PACKAGE_SUFFIXES, parent=self)

    @staticmethod
    def create(engine):
        return PackageImportViewModel(_staff(engine))

    browser = Property(QObject, lambda self: self._browser, constant=True)

    @Slot(str)
    def importFile(self, path: str) -> None:
        from kiosk import staff

        if self._busy or not self._allowed(staff.Action.PACKAGE_IMPORT):
            return
        store, home, file = self._ctx.store, self._ctx.home, Path(path)

        def work(progress):
            from sync.kiosk_side import import_package  # here: sync is not needed before the first frame

            with own_store(store) as own:
                return import_package(own, file, home)

        self._file = file
        self._run(work, self._applied, self._refused)

    @Slot(object)
    def _applied(self, applied) -> None:
        from kiosk import staff

        name = self._file.name
        if applied.already_applied:
            self._record(
                staff.Action.PACKAGE_IMPORT, N_("{file}: already applied (package {number})"), file=name, number=applied.package_seq
            )
            self._show("already", _("Package {seq} was already applied; nothing changed.").format(seq=applied.package_seq))
            return
        lines = [
            _("Package {seq} applied: {count} consultations.").format(seq=applied.package_seq, count=applied.consultations),
            _("The centre acknowledged {acked} more submissions; {responses} responses from the drafting agency are held.").format(
                acked=applied.acknowledged, responses=applied.responses
            ),
        ]
        if applied.epoch_change is not None:
            lines.append(applied.epoch_change.message())
        self._record(staff.Action.PACKAGE_IMPORT, N_("{file}: applied package {number}"), file=name, number=applied.package_seq)
        self._show("applied", "\n".join(lines))

    @Slot(str)
    def _refused(self, message: str) -> None:
        from kiosk import staff

        self._record(staff.Action.PACKAGE_IMPORT, N_("{file}: refused: {reason}"), file=self._file.name, reason=message)
        self._show("refused", message)


@QmlElement
@QmlSingleton
class ExportViewModel(_AdminScreen):
    """The batch for the centre, written to a USB stick with progress; "safe to remove" only once it read back intact."""

    progressChanged = Signal()

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        super().__init__(staff_model, parent)
        self._browser = DriveBrowser(for_writing=True, parent=self)
        self._done = 0
        self._total = 0
        self._waiting = 0

    @staticmethod
    def create(engine):
        return ExportViewModel(_staff(engine))

    browser = Property(QObject, lambda self: self._browser, constant=True)
    done = Property(int, lambda self: self._done, notify=progressChanged)
    total = Property(int, lambda self: self._total, notify=progressChanged)
    waiting = Property(int, lambda self: self._waiting, notify=progressChanged)
    # Only once export_batches returned: every file it wrote was read back intact from the stick.
    safeToRemove = Property(bool, lambda self: self._outcome in ("done", "empty"), notify=progressChanged)

    def _show(self, outcome: str, message: str, *, busy: bool = False) -> None:
        super()._show(outcome, message, busy=busy)
        self.progressChanged.emit()

    @Slot()
    def refresh(self) -> None:
        """The stick list and how many submissions the centre has not confirmed yet."""
        self._browser.refresh()
        row = self._ctx.store.query_one("SELECT count(*) AS n FROM events WHERE kind = 'submission' AND state != 'acked'")
        self._set_progress(0, 0, row["n"])

    def _set_progress(self, done: int, total: int, waiting: int | None = None) -> None:
        waiting = self._waiting if waiting is None else waiting
        if (done, total, waiting) != (self._done, self._total, self._waiting):
            self._done, self._total, self._waiting = done, total, waiting
            self.progressChanged.emit()

    @Slot(str)
    def exportTo(self, folder: str) -> None:
        from kiosk import staff

        if self._busy or not folder or not self._allowed(staff.Action.EXPORT):
            return
        store, home, clock, out = self._ctx.store, self._ctx.home, self._ctx.clock, Path(folder)

        def work(progress):
            from sync.batches import export_batches  # here: sync is not needed before the first frame

            with own_store(store) as own:
                return export_batches(own, home, out, clock=clock, progress=progress)

        self._set_progress(0, 0)
        self._run(work, self._exported, self._failed, self._progressed)

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        self._set_progress(done, total)

    @Slot(object)
    def _exported(self, result) -> None:
        from kiosk import staff

        if result.empty:
            self._record(staff.Action.EXPORT, N_("nothing to export"))
            self._show("empty", _("Nothing to export: the centre has confirmed everything this kiosk holds."))
            return
        events = sum(batch.event_count for batch in result.batches)
        names = ", ".join(batch.path.name for batch in result.batches)
        self._record(staff.Action.EXPORT, N_("{files}: {count} events"), files=names, count=events)
        self._show("done", _("{count} records written to {files} and read back intact.").format(count=events, files=names))

    @Slot(str)
    def _failed(self, message: str) -> None:
        from kiosk import staff

        self._record(staff.Action.EXPORT, N_("failed: {reason}"), reason=message)
        self._show("failed", message)


class AccountListModel(RowListModel):
    ROLES = ("username", "displayName", "role", "isSelf")


@QmlElement
@QmlSingleton
class AccountsViewModel(_AdminScreen):
    """Clerks and administrators: the list, adding one, removing one, a new PIN."""

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        from kiosk.accounts import AccountService

        super().__init__(staff_model, parent)
        self._service = AccountService(self._ctx.store)
        self._list = AccountListModel(self)

    @staticmethod
    def create(engine):
        return AccountsViewModel(_staff(engine))

    accounts = Property(QObject, lambda self: self._list, constant=True)

    @Slot()
    def refresh(self) -> None:
        me = self._staff.account.username if self._staff.account else ""
        self._list.replace(
            [
                {"username": a.username, "displayName": a.display_name, "role": a.role, "isSelf": a.username == me}
                for a in self._service.accounts()
            ]
        )

    def _act(self, change, done_message: str) -> bool:
        from kiosk import staff

        if not self._allowed(staff.Action.ACCOUNTS):
            return False
        try:
            change(self._staff.account.username, self._ctx.clock())
        except UserFacingError as error:
            self._show("refused", error.message)
            return False
        self.refresh()
        self._show("done", done_message)
        return True

    @Slot(str, str, str, str, str, result=bool)
    def add(self, display_name: str, username: str, role: str, pin: str, again: str) -> bool:
        from kiosk import staff

        def change(actor, now):
            staff.check_new_pin(pin, again)
            self._service.create(actor, username, role, display_name, pin, now)

        return self._act(change, _("The account {name} was added.").format(name=username.strip().lower()))

    @Slot(str, result=bool)
    def remove(self, username: str) -> bool:
        if self._staff.account and username == self._staff.account.username:
            self._show("refused", _("You cannot remove your own account while signed in with it."))
            return False
        return self._act(
            lambda actor, now: self._service.deactivate(actor, username, now), _("The account {name} was removed.").format(name=username)
        )

    @Slot(str, str, str, result=bool)
    def changePin(self, username: str, pin: str, again: str) -> bool:
        from kiosk import staff

        def change(actor, now):
            staff.check_new_pin(pin, again)
            self._service.change_pin(actor, username, pin, now)

        return self._act(change, _("The PIN of {name} was changed.").format(name=username))


@QmlElement
@QmlSingleton
class BackupViewModel(_AdminScreen):
    """A backup of the database onto a USB stick, and a restore from one (asked twice: it starts a new epoch)."""

    confirmChanged = Signal()

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        from kiosk.removable_drives import BACKUP_SUFFIXES

        super().__init__(staff_model, parent)
        self._browser = DriveBrowser(BACKUP_SUFFIXES, parent=self)
        self._restore_path = ""
        self._confirm = 0

    @staticmethod
    def create(engine):
        return BackupViewModel(_staff(engine))

    browser = Property(QObject, lambda self: self._browser, constant=True)
    confirmStep = Property(int, lambda self: self._confirm, notify=confirmChanged)
    restoreName = Property(str, lambda self: Path(self._restore_path).name if self._restore_path else "", notify=confirmChanged)

    def _set_confirm(self, step: int, path: str = "") -> None:
        if (step, path) != (self._confirm, self._restore_path):
            self._confirm, self._restore_path = step, path
            self.confirmChanged.emit()

    @Slot(str)
    def backupTo(self, folder: str) -> None:
        from kiosk import staff

        if self._busy or not folder or not self._allowed(staff.Action.BACKUP):
            return
        self._set_confirm(0)
        store, now, actor, target = self._ctx.store, self._ctx.clock(), self._staff.account.username, Path(folder)

        def work(progress):
            from kiosk.backup import backup_to

            with own_store(store) as own:
                return backup_to(own, target, now, actor=actor)

        self._run(work, self._backed_up, self._failed)

    @Slot(object)
    def _backed_up(self, path) -> None:
        self._browser.refresh()
        self._show("done", _("The backup {name} was written and checked. You can now remove the USB stick safely.").format(name=path.name))

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._show("failed", message)

    @Slot(str)
    def askRestore(self, path: str) -> None:
        """First of two questions before a restore."""
        from kiosk import staff

        if not self._busy and self._allowed(staff.Action.RESTORE):
            self._show("", "")
            self._set_confirm(1, path)

    @Slot()
    def confirmRestore(self) -> None:
        """The first confirmation asks again; the second restores."""
        from kiosk import staff

        if self._confirm == 1:
            self._set_confirm(2, self._restore_path)
            return
        if self._confirm != 2 or self._busy or not self._allowed(staff.Action.RESTORE):
            return
        store, home, now = self._ctx.store, self._ctx.home, self._ctx.clock()
        actor, source = self._staff.account.username, Path(self._restore_path)
        self._set_confirm(0)

        def work(progress):
            from kiosk.backup import restore_from

            with own_store(store) as own:
                return source, restore_from(own, home, source, now, actor=actor)

        self._run(work, self._restored, self._failed)

    @Slot()
    def cancelRestore(self) -> None:
        self._set_confirm(0)

    @Slot(object)
    def _restored(self, result) -> None:
        source, change = result
        lines = [_("The database was restored from {name}.").format(name=source.name)]
        if change is not None:
            lines.append(change.message())
        self._show("done", "\n".join(lines))


class AuditListModel(RowListModel):
    ROLES = ("at", "actor", "action", "detail")


def action_text(action: str) -> str:
    """An audit log action in words."""
    names = {
        "sign_in": N_("Signed in"),
        "sign_in.failed": N_("Wrong user name or PIN"),
        "sign_out": N_("Signed out"),
        "account.create": N_("Account added"),
        "account.deactivate": N_("Account removed"),
        "account.pin": N_("PIN changed"),
        "backup": N_("Backup"),
        "restore": N_("Restore"),
        "recover": N_("Recovered from a backup"),
        "reprint": N_("Receipt reprinted"),
        "daily_report": N_("Day's report printed"),
        "blank_forms": N_("Blank forms printed"),
        "import.paper": N_("Paper forms imported"),
        "import.package": N_("Package imported"),
        "export": N_("Export to the centre"),
        "kiosk.exit": N_("Kiosk mode left"),
    }
    return _(names[action]) if action in names else action


@QmlElement
@QmlSingleton
class AuditLogViewModel(_AdminScreen):
    """The newest entries of the audit log, and whether its chain is intact."""

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        super().__init__(staff_model, parent)
        self._list = AuditListModel(self)

    @staticmethod
    def create(engine):
        return AuditLogViewModel(_staff(engine))

    entries = Property(QObject, lambda self: self._list, constant=True)

    @Slot()
    def refresh(self) -> None:
        from kiosk import audit, staff

        if not self._allowed(staff.Action.AUDIT_LOG):
            self._list.replace([])
            return
        store = self._ctx.store
        broken = audit.verify_audit(store)
        count = store.query_one("SELECT count(*) AS n FROM audit_events")["n"]
        rows = []
        for entry in audit.entries(store):
            at = datetime.fromisoformat(entry.at)
            rows.append(
                {
                    "at": at.strftime("%d/%m/%Y %H:%M"),
                    "actor": entry.actor,
                    "action": action_text(entry.action),
                    "detail": audit.detail_text(entry.detail),
                }
            )
        self._list.replace(rows)
        if broken is None:
            self._show("ok", _("The log is intact: {count} entries, none changed or removed.").format(count=count))
        else:
            self._show("broken", _("The log was changed: entry {seq} was edited, removed or moved.").format(seq=broken))
