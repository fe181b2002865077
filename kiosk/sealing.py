"""Sealing personal data to the centre's public key (libsodium sealed box).

Only the centre can open what is sealed here; the kiosk itself cannot read
it back, so a stolen kiosk leaks nothing it stored.
"""

from __future__ import annotations

import base64

from nacl.public import PublicKey, SealedBox


def seal(public_key_b64: str, plaintext: bytes) -> str:
    """Seal ``plaintext`` to the X25519 key; the ciphertext as base64."""
    box = SealedBox(PublicKey(base64.b64decode(public_key_b64)))
    return base64.b64encode(box.encrypt(plaintext)).decode("ascii")
