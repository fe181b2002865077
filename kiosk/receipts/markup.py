"""Display text as reportlab paragraph markup: NFC, one line, XML-escaped.

Translated strings are passed through these helpers rather than written
inside f-strings: gettext extraction cannot see a ``_()`` inside an f-string.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from kiosk.text import clean_line


def plain(value: str) -> str:
    """``value`` as one line of NFC text, safe inside paragraph markup."""
    return escape(clean_line(value))


def bold(value: str) -> str:
    return f"<b>{plain(value)}</b>"


def italic(value: str) -> str:
    return f"<i>{plain(value)}</i>"
