"""Text hygiene at every entry point: NFC, no control characters, no lone surrogates.

Text reaches the kiosk from the on-screen keyboard, physical keyboards with
Unikey in "Unicode tổ hợp" mode (decomposed marks), spreadsheets and parsed
documents. Everything is normalised here, once, before it is validated,
stored, hashed or printed.
"""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls except tab and newline. NUL bytes in particular truncate
# strings in some C consumers (printers, PDF viewers).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(text: str) -> str:
    """Return ``text`` as NFC, with control characters removed and lone
    surrogates replaced by U+FFFD, and Windows line ends made ``\\n``.

    :param text: any string from outside the core
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """Like :func:`clean`, for one-line fields: whitespace runs become one space."""
    return " ".join(clean(text).split())


def fold(text: str) -> str:
    """Fold case and Vietnamese diacritics, including đ/Đ → d, for search.

    FTS5's ``remove_diacritics`` never folds đ (it has no Unicode
    decomposition), so the kiosk indexes and queries folded text.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()
