"""Work slower than a frame, off the UI thread: one helper for every staff screen (style.md §2, Anki's CollectionOp).

``BackgroundOp(work)`` runs ``work(progress)`` on the global thread pool and
reports on its signals, which Qt delivers on the UI thread: ``succeeded``
with the result, ``failed`` with the translated message of a
``UserFacingError`` (anything else is a bug: logged, and shown as a neutral
failure), and ``progressed(done, total)`` whenever the work calls
``progress``. Keep a reference to the op until it has finished.

Work that uses the database opens its own connection (:func:`own_store`):
one sqlite3 connection is never shared between threads mid-transaction.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from kiosk.errors import UserFacingError
from kiosk.i18n import _

if TYPE_CHECKING:
    from kiosk.storage.db import Store

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def unexpected_failure_message() -> str:
    return _("Something went wrong; nothing was changed. Please try again, or see the log.")


class BackgroundOp(QObject):
    succeeded = Signal(object)
    failed = Signal(str)
    progressed = Signal(int, int)

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work

    def start(self) -> BackgroundOp:
        QThreadPool.globalInstance().start(self._run)
        return self

    def _run(self) -> None:
        try:
            result = self._work(self.progressed.emit)
        except UserFacingError as error:
            self.failed.emit(error.message)
        except Exception:
            log.exception("a background operation failed")
            self.failed.emit(unexpected_failure_message())
        else:
            self.succeeded.emit(result)


@contextlib.contextmanager
def own_store(store: Store) -> Iterator[Store]:
    """A connection of the worker's own to the same database (the store itself when it lives in memory)."""
    from kiosk.storage.db import open_store

    if store.path is None:
        yield store
        return
    worker = open_store(store.path, migrate=False)
    try:
        yield worker
    finally:
        worker.close()
