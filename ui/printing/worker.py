"""Printing off the UI thread: a jammed or unplugged printer must never freeze the kiosk.

``start_printing`` runs one job on the global ``QThreadPool`` and reports on
the ``PrintJob``'s ``finished`` signal: ok, and when not ok the error's code
and the translated message to show (the feedback is saved either way).
Connect it to a slot of a QObject that lives on the UI thread (a view-model):
Qt then queues the call onto the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kiosk.printing import PrinterError, ReceiptPrinter, print_or_error, printer_unavailable_message

log = logging.getLogger(__name__)


class PrintJob(QObject):
    """One print job; ``run`` executes on a worker thread and emits ``finished(ok, code, message)`` once."""

    finished = Signal(bool, str, str, arguments=["ok", "code", "message"])

    def __init__(self, printer: ReceiptPrinter, pdf: bytes, size: str) -> None:
        super().__init__()
        self.printer = printer
        self.pdf = pdf
        self.size = size

    def run(self) -> None:
        try:
            error = print_or_error(self.printer, self.pdf, self.size)
        except Exception:
            # A bug in a backend: logged with its traceback, shown as a printer failure,
            # because the person can do nothing else about it and their feedback is saved.
            log.exception("printing failed unexpectedly")
            error = PrinterError(printer_unavailable_message())
        if error is None:
            self.finished.emit(True, "", "")
        else:
            log.warning("printing failed: %s", error.detail or error.message)
            self.finished.emit(False, error.code, error.message)


class _Run(QRunnable):
    """The pool's handle on a job; the pool owns and deletes it, the job outlives it."""

    def __init__(self, job: PrintJob) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job.run()


def start_printing(
    printer: ReceiptPrinter,
    pdf: bytes,
    size: str,
    on_finished: Callable[[bool, str, str], None] | None = None,
    pool: QThreadPool | None = None,
) -> PrintJob:
    """Print ``pdf`` on a worker thread and return at once.

    ``on_finished(ok, code, message)``, a slot of a UI-thread QObject, is
    connected before the job starts, so it cannot miss a fast job. Keep a
    reference to the job until it has finished.
    """
    job = PrintJob(printer, pdf, size)
    if on_finished is not None:
        job.finished.connect(on_finished)
    (pool or QThreadPool.globalInstance()).start(_Run(job))
    return job
