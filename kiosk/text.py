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


_FOLDED_KEPT = 1 << 16


class _FoldedChar(dict):
    """Each character's fold, worked out the first time it is met: ``str.translate`` then runs in C."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char.replace("đ", "d").replace("Đ", "D"))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        if len(self) < _FOLDED_KEPT:  # bounded whatever a text holds
            self[code] = folded
        return folded


_FOLDED = _FoldedChar()


def fold(text: str) -> str:
    """Fold case and Vietnamese diacritics, including đ/Đ → d, for search.

    FTS5's ``remove_diacritics`` never folds đ (it has no Unicode
    decomposition), so the kiosk indexes and queries folded text.
    Character by character (a fifth of the time of decomposing whole
    texts, for the centre's millions of comments); the closing NFC joins
    what only composes across characters (Hangul jamo) as before.
    """
    return unicodedata.normalize("NFC", text.translate(_FOLDED))
