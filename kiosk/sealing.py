"""Sealing personal data to the centre's public key (libsodium sealed box).

Only the centre can open what is sealed here; the kiosk itself cannot read
it back, so a stolen kiosk leaks nothing it stored. A missing or malformed key
fails closed: the personal data is refused, never stored in clear.
"""

from __future__ import annotations

import base64
import binascii

import nacl.exceptions
from nacl.public import PublicKey, SealedBox

from kiosk.errors import SealingError
from kiosk.i18n import _


def seal_bytes(public_key_b64: str, plaintext: bytes) -> bytes:
    """Seal ``plaintext`` to the X25519 key given in base64.

    :raises SealingError: when the key is missing or malformed
    """
    try:
        raw = base64.b64decode(public_key_b64 or "", validate=True)
        if len(raw) != 32:
            raise ValueError("wrong length")
        return SealedBox(PublicKey(raw)).encrypt(plaintext)
    except (ValueError, TypeError, binascii.Error, nacl.exceptions.CryptoError) as exc:
        raise SealingError(_("The centre's encryption key is missing or damaged, so personal data cannot be sealed.")) from exc


def seal(public_key_b64: str, plaintext: bytes) -> str:
    """:func:`seal_bytes`, as base64 text for a JSON body."""
    return base64.b64encode(seal_bytes(public_key_b64, plaintext)).decode("ascii")
