"""Putting receipt and report PDFs on paper from the Qt application: system printers and ESC/POS."""

from ui.printing.escpos_printer import EscPosPrinter
from ui.printing.qt_printer import QtPdfPrinter, available_printers
from ui.printing.worker import PrintJob, start_printing

__all__ = ["EscPosPrinter", "PrintJob", "QtPdfPrinter", "available_printers", "start_printing"]
