"""Canonical JSON: the one encoding that is hashed, signed and stored.

UTF-8, NFC, sorted keys, no insignificant whitespace, no floats. Hashes are
always computed over the stored bytes and never over a re-serialisation
(KA Lite's signature failures came from re-serialising to verify).
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

# hashlib is imported where a hash is taken: loading OpenSSL's libcrypto costs the
# kiosk's start 3 ms, and nothing is hashed before the home screen is drawn.


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, float):
        raise TypeError("floats are not canonical; store integers or strings")
    if isinstance(value, dict):
        return {_normalise(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    return value


def dumps(value: Any) -> bytes:
    """The canonical bytes of ``value`` (dicts, lists, str, int, bool, None)."""
    text = json.dumps(_normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def loads(data: bytes | str) -> Any:
    return json.loads(data)


def event_hash(line: bytes) -> str:
    """SHA-256 of one log line with RFC 6962's leaf prefix 0x00, as hex."""
    import hashlib

    return hashlib.sha256(b"\x00" + line).hexdigest()


def sha256_hex(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
