"""What the first receipt needs, made ready while the kiosk waits for its first visitor.

The start defers some imports so the home screen shows sooner (sqlite-utils,
PyNaCl, hashlib, qrcode and Pillow, reportlab's receipt modules). Left alone they land
on the first "Send" of the day: 141–199 ms from the tap to the receipt instead
of 22 ms. Here they run once the kiosk is idle after its first frame, one
small step per turn of the event loop on the GUI thread: an import holds the
interpreter's lock whatever thread runs it, so a thread would not spare the
GUI, and a tap that comes meanwhile waits for one step at most.
"""

from __future__ import annotations

import base64
import logging
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from kiosk.storage.db import Store

log = logging.getLogger(__name__)

# After the first frame, the screens beyond home load and the speech engines start building:
# let those go first.
DELAY_MS = 1500


def _database(store: Store) -> None:
    store.db  # noqa: B018 (imports sqlite-utils and wraps the connection: what the first write uses)


def _sealing(_store: Store) -> None:
    from kiosk.sealing import seal

    seal(base64.b64encode(os.urandom(32)).decode("ascii"), b"warm-up")  # PyNaCl, and libsodium's first use


def _hashing(_store: Store) -> None:
    from kiosk import canonical, receipt_code

    canonical.event_hash(b"warm-up")  # hashlib and OpenSSL's libcrypto, for the audit chain
    receipt_code.new_code()  # secrets, for the receipt's code


def _submissions(_store: Store) -> None:
    import kiosk.receipt_documents
    import kiosk.submissions  # noqa: F401


def _qr_code(_store: Store) -> None:
    from kiosk.qr_code import qr_matrix

    qr_matrix("HTTPS://GOPY.EXAMPLE/WARMUP")  # qrcode and Pillow; one entry of the small cache


def _qr_image(_store: Store) -> None:
    from ui.qr_image import PROVIDER_ID, ReceiptQrProvider, qr_source

    # One QR drawn as the receipt screen draws it: QUrl's, QImage's and QColor's enums built while idle.
    source = qr_source("HTTPS://GOPY.EXAMPLE/WARMUP")
    ReceiptQrProvider().requestImage(source.removeprefix(f"image://{PROVIDER_ID}/"), None, None)


STEPS: tuple[Callable[[Store], None], ...] = (_database, _sealing, _hashing, _submissions, _qr_code, _qr_image)


class Warmup(QObject):
    """Runs :data:`STEPS` one per event-loop turn; stops with its parent."""

    def __init__(self, store: Store, parent: QObject) -> None:
        super().__init__(parent)
        self._store = store
        self._steps = list(STEPS)

    def start(self, delay_ms: int = DELAY_MS) -> None:
        QTimer.singleShot(delay_ms, self, self._next)

    def _next(self) -> None:
        if not self._steps:
            return
        step = self._steps.pop(0)
        started = time.perf_counter()
        try:
            step(self._store)
        except Exception:
            # Only a head start: the same work runs again, and reports, when a visitor needs it.
            log.exception("warm-up step %s failed", step.__name__)
        log.debug("warm-up %s: %.1f ms", step.__name__, (time.perf_counter() - started) * 1000)
        QTimer.singleShot(0, self, self._next)
