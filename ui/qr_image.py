"""The receipt's QR code on screen: ``image://receiptqr/<percent-encoded payload>``.

The modules come from kiosk.receipts.qr (the same matrix the printed receipt
draws), painted one pixel each with the standard quiet zone; QML scales the
image up without smoothing, so the edges stay sharp.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtQuick import QQuickImageProvider

if TYPE_CHECKING:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage

# QUrl, QImage and QColor are imported where they are used: the provider is made
# before the home screen's first frame, and building their enums costs 2 ms.

PROVIDER_ID = "receiptqr"


def qr_source(payload: str) -> str:
    """The QML image source of ``payload``'s QR code."""
    from PySide6.QtCore import QUrl

    return f"image://{PROVIDER_ID}/" + bytes(QUrl.toPercentEncoding(payload)).decode("ascii")


class ReceiptQrProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id: str, size: QSize, requested_size: QSize) -> QImage:
        from PySide6.QtCore import QByteArray, QUrl
        from PySide6.QtGui import QColor, QImage

        from kiosk.qr_code import QUIET_MODULES, qr_matrix

        payload = QUrl.fromPercentEncoding(QByteArray(id.encode("ascii")))
        matrix = qr_matrix(payload)
        side = len(matrix) + 2 * QUIET_MODULES
        image = QImage(side, side, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        black = QColor("black").rgb()
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    image.setPixel(c + QUIET_MODULES, r + QUIET_MODULES, black)
        if size is not None:
            size.setWidth(side)
            size.setHeight(side)
        return image
