"""The receipt's QR code on paper; what it says is in kiosk.qr_code.

The code is drawn as vector rectangles whose module is a whole number of
dots of a 203 dpi thermal head, at least 6 dots (0.75 mm), so it scans from
58 mm paper.
"""

from __future__ import annotations

import functools

from reportlab.platypus import Flowable

from kiosk.qr_code import QUIET_MODULES, THERMAL_DPI, compact_code, qr_matrix, qr_payload, results_payload

__all__ = ["QUIET_MODULES", "THERMAL_DPI", "QrFlowable", "compact_code", "qr_matrix", "qr_payload", "results_payload"]


class QrFlowable(Flowable):
    """A QR code drawn as filled rectangles, centred, with its quiet zone as blank space.

    :param payload: the text to encode
    :param target_width: the width wanted, quiet zone included, in points
    :param max_width: the width available, in points
    """

    def __init__(self, payload: str, target_width: float, max_width: float) -> None:
        super().__init__()
        self.payload = payload
        self.matrix = qr_matrix(payload)
        modules = len(self.matrix) + 2 * QUIET_MODULES
        dot = 72 / THERMAL_DPI
        dots = max(6, round(target_width / (modules * dot)))
        while dots > 1 and modules * dots * dot > max_width:
            dots -= 1
        self.module = dots * dot
        self.side = modules * self.module
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # reportlab's names
        return self.side, self.side

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        # Drawn in module units: whole-number rectangles, written once per payload.
        canvas.transform(self.module, 0, 0, self.module, QUIET_MODULES * self.module, QUIET_MODULES * self.module)
        canvas.addLiteral(_operators(self.matrix))
        canvas.restoreState()


@functools.lru_cache(maxsize=64)
def _operators(matrix: tuple[tuple[bool, ...], ...]) -> str:
    """PDF path operators filling the dark modules, one rectangle per horizontal run, in module units.

    One path filled once: no hairline seams between runs, and a few hundred
    operators instead of thousands of formatted floats.
    """
    size = len(matrix)
    rects = []
    for r, row in enumerate(matrix):
        y = size - 1 - r
        c = 0
        while c < size:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < size and row[c]:
                c += 1
            rects.append(f"{start} {y} {c - start} 1 re")
    return "\n".join(rects) + "\nf"
