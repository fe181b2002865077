"""Vietnamese typing on the on-screen keyboard: Telex and the row of tone and letter keys.

Both act on the word before the cursor (the letters since the last
non-letter) and answer what to replace: ``[length, text]``, the number of
characters before the cursor to replace and their replacement, or ``[]``
when the key is typed as it is. The rules are kiosk.telex; this only binds.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)

_WORD = re.compile(r"[^\W\d_]*$")
_TONES = ("acute", "grave", "hook", "tilde", "dot")  # kiosk.telex.Tone, by the names the tone row's keys send


def _word(before: str) -> str:
    return _WORD.search(before).group(0)


def _replacement(word: str, result: str | None) -> list:
    return [] if result is None or result == word else [len(word), result]


@QmlElement
@QmlSingleton
class TypingViewModel(QObject):
    """Telex for the keyboard's input method; tone and letter keys for the row above the keyboard."""

    @staticmethod
    def create(engine):
        return TypingViewModel()

    @Slot(str, str, result=list)
    def telex(self, before: str, key: str) -> list:
        """A key typed after ``before``: what Telex makes of the word."""
        if len(key) != 1 or not key.isalpha():
            return []
        from kiosk.telex import telex_key  # imported on the first key: the keyboard comes after the home screen

        word = _word(before)
        result = telex_key(word, key)
        return [] if result is None else [len(word), result]

    @Slot(str, str, result=list)
    def tone(self, before: str, tone: str) -> list:
        """A tone key (acute, grave, hook, tilde, dot): the word before the cursor takes the tone."""
        from kiosk.telex import Tone, apply_tone

        word = _word(before)
        if not word or tone not in _TONES:
            return []
        return _replacement(word, apply_tone(word, Tone[tone.upper()]))

    @Slot(str, str, result=list)
    def mark(self, before: str, letter: str) -> list:
        """A letter key (â ă ê ô ơ ư đ): the word's matching letter changes, or the letter is typed."""
        from kiosk.telex import apply_mark

        word = _word(before)
        try:
            return _replacement(word, apply_mark(word, letter))
        except ValueError:
            return []
