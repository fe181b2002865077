"""A PDF's pages as images on white paper, rasterised by QtPdf (PDFium).

``QPdfDocument.render`` returns a *transparent* ARGB image: converted to one
bit for a thermal head, or saved as JPEG, the background turns black and the
whole receipt prints solid black. Every page is therefore composited onto white
here, once, for every backend.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from kiosk.printing import PrinterError


class PdfPages:
    """A PDF held in memory, page by page. Create and use it on one thread."""

    def __init__(self, pdf: bytes) -> None:
        # The buffer must outlive the document: QPdfDocument reads from it lazily.
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._document = QPdfDocument()
        self._document.load(self._buffer)
        if self._document.status() != QPdfDocument.Status.Ready or self._document.pageCount() < 1:
            raise PrinterError(detail=f"QtPdf could not read the PDF: {self._document.error()}")

    @property
    def count(self) -> int:
        return self._document.pageCount()

    def size_points(self, page: int) -> QSizeF:
        return self._document.pagePointSize(page)

    def render(self, page: int, dpi: float) -> QImage:
        """Page ``page`` at ``dpi``, opaque (RGB32) on white."""
        points = self.size_points(page)
        pixels = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
        transparent = self._document.render(page, pixels)
        if transparent.isNull():
            raise PrinterError(detail=f"QtPdf could not render page {page + 1} at {dpi} dpi")
        opaque = QImage(pixels, QImage.Format.Format_RGB32)
        opaque.setDotsPerMeterX(round(dpi / 0.0254))
        opaque.setDotsPerMeterY(round(dpi / 0.0254))
        opaque.fill(Qt.GlobalColor.white)
        painter = QPainter(opaque)
        painter.drawImage(0, 0, transparent)
        painter.end()
        return opaque

    def close(self) -> None:
        self._document.close()
        self._buffer.close()
