"""What the core asks of a printer, and the printer used when none is set up.

The PDF from :mod:`kiosk.receipts` is the one artefact; a backend only puts it
on paper (``ui.printing``: QtPdf onto a system printer, or raw ESC/POS) or in
a folder. A failure to print never loses feedback: it is already stored, and
the receipt can be reprinted from its code.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Protocol

from kiosk.durable import write_atomically
from kiosk.errors import UserFacingError
from kiosk.i18n import _


class ReceiptPrinter(Protocol):
    """Anything that can put a receipt or a report PDF on paper."""

    def print_pdf(self, pdf: bytes, *, size: str) -> None:
        """Print ``pdf`` on paper of ``size`` ("80mm", "58mm", "a5", "a4").

        :raises PrinterError: when it could not be printed
        """
        ...


class PrinterError(UserFacingError):
    """The receipt could not be printed; the feedback itself is saved.

    ``str(error)`` is for the person at the kiosk; ``detail`` says what the
    printing system reported, for the log and the administrator.
    """

    code = "printer"

    def __init__(self, message: str | None = None, *, detail: str = "") -> None:
        super().__init__(message or printer_unavailable_message())
        self.detail = detail


def printer_unavailable_message() -> str:
    """The message shown when a printer is off, out of paper, jammed or unplugged."""
    return _("The printer is off, out of paper or not connected. Your feedback is saved; the receipt can be reprinted later.")


def printer_missing_message(name: str) -> str:
    """The message shown when the configured printer does not exist on this computer."""
    return _(
        "The printer “{name}” is not set up on this computer. Your feedback is saved; please ask the commune staff to reprint the receipt."
    ).format(name=name)


def print_or_error(printer: ReceiptPrinter, pdf: bytes, size: str) -> PrinterError | None:
    """Print, and return the failure instead of raising it: the shape a worker thread reports back.

    Only :class:`PrinterError` is caught; anything else is a bug and propagates.
    """
    try:
        printer.print_pdf(pdf, size=size)
    except PrinterError as error:
        return error
    return None


class SaveAsPdf:
    """A printer that writes each PDF to ``folder``: used when no printer is configured.

    Files are named by what they are, time and content (``receipt-20261123-143500-1a2b3c4d-80mm.pdf``;
    ``kind`` is "receipt" unless told otherwise) and written atomically, so a crash never leaves
    half a file. ``last_path`` is the file written last.
    """

    def __init__(self, folder: Path | str, kind: str = "receipt") -> None:
        self.folder = Path(folder)
        self.kind = kind
        self.last_path: Path | None = None

    def print_pdf(self, pdf: bytes, *, size: str) -> None:
        """Write ``pdf`` into the folder.

        :raises PrinterError: when the folder cannot be written
        """
        name = "{kind}-{time}-{digest}-{size}.pdf".format(
            kind=self.kind,
            time=datetime.now().strftime("%Y%m%d-%H%M%S"),  # a file name: local time is what a person expects
            digest=hashlib.sha256(pdf).hexdigest()[:8],
            size=size,
        )
        target = self.folder / name
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(target, pdf)
        except OSError as error:
            raise PrinterError(
                _("The receipt could not be saved to {folder}. Your feedback is saved; the receipt can be reprinted later.").format(
                    folder=self.folder
                ),
                detail=str(error),
            ) from error
        self.last_path = target
