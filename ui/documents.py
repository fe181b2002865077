"""Printing the staff's A4 documents (the day's report, blank forms) on the kiosk's printer, or saving them.

The printer is the one named by the setting "printer" (chosen in the setup);
without one, documents are saved as PDF files in the home folder's
documents/ folder, and the screen says where.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import _

if TYPE_CHECKING:
    from kiosk.home import Home
    from kiosk.storage.db import Store


def documents_dir(home: Home) -> Path:
    return home.root / "documents"


def print_document(store: Store, home: Home, job_name: str, kind: str) -> Callable[[bytes, str], str]:
    """A function that prints a PDF of a paper size and returns what to tell the person (worker thread).

    ``kind`` begins the name of the file saved when there is no printer ("report", "blank-form").

    :raises kiosk.printing.PrinterError: when the printer fails
    """
    name = (store.setting("printer") or "").strip()

    def work(pdf: bytes, size: str) -> str:
        from kiosk.printing import SaveAsPdf

        if name:
            from ui.printing import QtPdfPrinter

            QtPdfPrinter(name, job_name=job_name).print_pdf(pdf, size=size)
            return _("Sent to the printer {name}.").format(name=name)
        saver = SaveAsPdf(documents_dir(home), kind)
        saver.print_pdf(pdf, size=size)
        return _("No printer is set up: saved as {path}.").format(path=saver.last_path)

    return work
