"""Printing through the system's print queue (CUPS on Linux, the spooler on Windows), with no dialog.

Each page of the PDF is rasterised by QtPdf at the printer's resolution and
painted onto a ``QPrinter`` chosen by name, on a page the size of the receipt
with no margins. The same path works with any driver Qt can reach.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.printing import PrinterError, printer_missing_message
from kiosk.receipts.paper import paper
from ui.printing.raster import PdfPages

# Above this the raster of an A4 page costs hundreds of megabytes; 300 dpi is
# sharp for text and QR codes on an office laser printer.
MAX_DPI = 300

_STANDARD_SIZES = {"a4": QPageSize.PageSizeId.A4, "a5": QPageSize.PageSizeId.A5}
_FAILED_STATES = {QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted}


def available_printers() -> list[str]:
    """The names of the print queues this computer knows, for the administrator's settings screen."""
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


class QtPdfPrinter:
    """A :class:`kiosk.printing.ReceiptPrinter` that prints on the system printer ``printer_name``.

    Needs a ``QGuiApplication``; may run on a worker thread.
    """

    def __init__(self, printer_name: str, *, job_name: str = "Gópý receipt") -> None:
        self.printer_name = printer_name
        self.job_name = job_name

    def print_pdf(self, pdf: bytes, *, size: str) -> None:
        """Print every page of ``pdf`` on paper of ``size``.

        :raises PrinterError: when the printer is unknown, stopped, or the job fails
        :raises ValueError: for an unknown size
        """
        sheet = paper(size)
        printer = self._printer()
        pages = PdfPages(pdf)
        try:
            self._set_page(printer, size, pages.size_points(0))
            printer.setDocName(self.job_name)
            dpi = min(printer.resolution(), MAX_DPI) or MAX_DPI
            self._paint(printer, pages, dpi)
        finally:
            pages.close()
        if printer.printerState() in _FAILED_STATES:
            raise PrinterError(detail=f"{self.printer_name}: the job failed after spooling ({sheet.name})")

    def _printer(self) -> QPrinter:
        info = QPrinterInfo.printerInfo(self.printer_name) if self.printer_name else QPrinterInfo()
        if info.isNull():
            # QPrinter(QPrinterInfo()) silently prints to a PDF file instead: never let that happen.
            known = ", ".join(available_printers()) or "none"
            raise PrinterError(
                printer_missing_message(self.printer_name),
                detail=f"no print queue named {self.printer_name!r}; known queues: {known}",
            )
        if info.state() in _FAILED_STATES:
            raise PrinterError(detail=f"{self.printer_name}: the queue reports state {info.state().name}")
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        if not printer.isValid() or printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
            raise PrinterError(detail=f"{self.printer_name}: Qt cannot use this printer")
        return printer

    def _set_page(self, printer: QPrinter, size: str, points: QSizeF) -> None:
        if size in _STANDARD_SIZES:
            page_size = QPageSize(_STANDARD_SIZES[size])
        else:
            page_size = QPageSize(points, QPageSize.Unit.Point, f"Receipt {size}", QPageSize.SizeMatchPolicy.ExactMatch)
        printer.setFullPage(True)
        layout = QPageLayout(page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        layout.setMode(QPageLayout.Mode.FullPageMode)
        if not printer.setPageLayout(layout):
            # A driver that refuses zero margins still takes the size; the margins
            # it keeps are blank on a receipt anyway.
            printer.setPageSize(page_size)

    def _paint(self, printer: QPrinter, pages: PdfPages, dpi: float) -> None:
        painter = QPainter()
        if not painter.begin(printer):
            raise PrinterError(detail=f"{self.printer_name}: the print job could not be started")
        try:
            for page in range(pages.count):
                if page and not printer.newPage():
                    raise PrinterError(detail=f"{self.printer_name}: no new page for page {page + 1}")
                image = pages.render(page, dpi)
                target = printer.paperRect(QPrinter.Unit.DevicePixel)
                painter.drawImage(QRectF(0, 0, target.width(), target.height()), image)
        finally:
            if not painter.end():
                raise PrinterError(detail=f"{self.printer_name}: the print job could not be finished")
