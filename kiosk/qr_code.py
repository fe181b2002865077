"""QR codes: what a receipt's or a poster's QR says, and its modules. No reportlab, no Qt.

The payload is a link to the province's portal that carries the receipt code.
A phone with no network still shows it as text, and the code is readable in
it. Scheme and host are case-insensitive (RFC 3986), so they are written in
capitals: together with the code they fit QR's alphanumeric mode, which needs
fewer modules than byte mode. The base's path is kept as configured, since a
portal's paths may be case-sensitive; a base whose path is written in
capitals ("https://gopy.example.gov.vn/R") makes the whole payload alphanumeric.

The module matrix is shared by the printed receipt (kiosk.receipts.qr) and
the screen (ui.qr_image), so both show the same code.
"""

from __future__ import annotations

import functools
from urllib.parse import quote, urlsplit, urlunsplit

THERMAL_DPI = 203
# The province portal's receipt address, until the setting "portal_url" names another.
DEFAULT_PORTAL = "https://gopy.gov.vn/r"
QUIET_MODULES = 4  # the quiet zone the QR standard asks for on every side


def compact_code(code: str) -> str:
    """The receipt code without separators, in capitals: "7k3m-9qxa 2fhd" → "7K3M9QXA2FHD"."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def qr_payload(base_url: str, code: str) -> str:
    """The text of a receipt's QR code: ``base_url`` followed by the compact code.

    :param base_url: the portal's receipt address, e.g. ``https://gopy.example.gov.vn/r``
    :param code: the receipt code, grouped or not
    :raises ValueError: when ``base_url`` is not an http(s) address
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"not an http(s) base address: {base_url!r}")
    path = parts.path.rstrip("/")
    base = urlunsplit((parts.scheme.upper(), parts.netloc.upper(), path, "", ""))
    return f"{base}/{compact_code(code)}"


def results_payload(base_url: str, consultation_code: str) -> str:
    """The address of a consultation's full results: ``base_url`` + ``/ket-qua/`` + the code.

    The same portal setting as receipts; the portal serves a consultation's
    report beside its receipts.

    :raises ValueError: when ``base_url`` is not an http(s) address
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"not an http(s) base address: {base_url!r}")
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), f"{path}/ket-qua/{quote(consultation_code, safe='')}", "", ""))


@functools.lru_cache(maxsize=64)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules of ``payload`` at error correction level M, without quiet zone.

    Cached because a receipt is often rendered twice (screen preview, print).
    """
    # Here, not at the top: qrcode brings Pillow (25 ms), and the kiosk's start does not draw a QR.
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    qr.add_data(payload)
    qr.make(fit=True)
    return tuple(tuple(row) for row in qr.get_matrix())
