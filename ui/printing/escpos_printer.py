"""Raw ESC/POS for driverless thermal printers: the receipt goes as one raster image.

Text mode is not an option for Vietnamese: code pages differ between vendors,
CP1258 keeps tones as combining marks, and several printers silently print
"?" for "ễ". The PDF is rasterised at the head's resolution instead, composited
onto white, cut to the printable width, no wider than the printer profile's
pixel width, thresholded (not dithered: dithering frays the QR's edges) and
sent with ``GS v 0``. No code page is ever selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from escpos.exceptions import Error as EscposError
from PIL import Image
from PySide6.QtGui import QImage

from kiosk.printing import PrinterError
from kiosk.receipts.paper import paper
from ui.printing.raster import PdfPages

if TYPE_CHECKING:
    from escpos.escpos import Escpos

THERMAL_DPI = 203
# Widths of 203 dpi heads when the profile does not say (escpos-printer-db).
_DEFAULT_PIXELS = {"80mm": 576, "58mm": 384}
_THRESHOLD = 160  # grey above this is paper: anti-aliased edges stay thin, marks stay whole


class EscPosPrinter:
    """A :class:`kiosk.printing.ReceiptPrinter` that writes ESC/POS to a python-escpos device.

    :param device: e.g. ``escpos.printer.Usb(0x0416, 0x5011, profile="POS-5890")``,
        ``Network("192.168.1.50", profile="TM-T20II")`` or ``Dummy(profile=…)`` in tests
    :param cut: cut the paper after the receipt (printers without a cutter ignore it)
    """

    def __init__(self, device: Escpos, *, cut: bool = True) -> None:
        self.device = device
        self.cut = cut

    def print_pdf(self, pdf: bytes, *, size: str) -> None:
        """Print every page of ``pdf`` as raster images.

        :raises PrinterError: when the device cannot be reached or refuses the image
        :raises ValueError: for an unknown size
        """
        images = self.rasters(pdf, size=size)
        try:
            for image in images:
                self.device.image(image, impl="bitImageRaster", center=False)
            if self.cut:
                self.device.cut()
        except (EscposError, OSError) as error:  # USB, serial and network failures are OSErrors
            raise PrinterError(detail=f"ESC/POS: {type(error).__name__}: {error}") from error
        finally:
            self.device.close()

    def rasters(self, pdf: bytes, *, size: str) -> list[Image.Image]:
        """The one-bit images sent to the printer, one per page."""
        sheet = paper(size)
        dpi, max_pixels = self._head(size)
        # Scale so that the printable width fits the head, never wider.
        dpi = min(dpi, max_pixels * 72 / sheet.printable)
        pages = PdfPages(pdf)
        try:
            images = []
            for page in range(pages.count):
                image = _to_pil(pages.render(page, dpi))
                left = round(sheet.side * dpi / 72)
                width = min(max_pixels, image.width - 2 * left)
                image = image.crop((left, 0, left + width, image.height))
                images.append(image.point(lambda grey: 255 if grey > _THRESHOLD else 0, mode="1"))
            return images
        finally:
            pages.close()

    def _head(self, size: str) -> tuple[float, int]:
        """The head's dots per inch and its width in dots, from the printer profile when it knows them."""
        media = self.device.profile.profile_data.get("media", {})
        dpi = media.get("dpi")
        pixels = media.get("width", {}).get("pixels")
        dpi = dpi if isinstance(dpi, int) and dpi > 0 else THERMAL_DPI
        if not (isinstance(pixels, int) and pixels > 0):
            pixels = _DEFAULT_PIXELS.get(size, _DEFAULT_PIXELS["80mm"])
        return dpi, pixels


def _to_pil(image: QImage) -> Image.Image:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(grey.constBits())[: grey.bytesPerLine() * grey.height()]
    return Image.frombuffer("L", (grey.width(), grey.height()), data, "raw", "L", grey.bytesPerLine(), 1)
