"""Translations: one gettext catalogue for Python and QML, Vietnamese first.

Write ``_("Hello {name}").format(name=n)``, never an f-string inside ``_()``:
an f-string is formatted before the lookup and can never match the catalogue.
A translation whose ``{fields}`` differ from its source would crash
``.format`` on a screen; such a translation is ignored and the source string
used instead (as Electrum does).
"""

from __future__ import annotations

import functools
import gettext
import io
import json
import re
import string
from collections.abc import Callable
from pathlib import Path

from kiosk.resources import locales_dir

DEFAULT_LANGUAGE = "vi"
DOMAIN = "gopy"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<malformed>"}


_QT_PLACEHOLDER = re.compile(r"%(?:n|\d+|L\d+)")


def safe_translation(source: str, translated: str) -> str:
    """Return ``translated`` unless it breaks the source's placeholders."""
    if _fields(source) != _fields(translated):
        return source
    if sorted(_QT_PLACEHOLDER.findall(source)) != sorted(_QT_PLACEHOLDER.findall(translated)):
        return source
    return translated


@functools.cache  # read once per process: the kiosk's start sets its language twice
def _load(language: str, directory: Path) -> gettext.NullTranslations:
    """The compiled catalogue, or one compiled in memory from the .po when no .mo was built."""
    mo = directory / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.exists():
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    po = mo.with_suffix(".po")
    if po.exists():
        # Only a source checkout without `make` gets here: babel's catalogue code costs 20 ms to import.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


PSEUDO = "xx-pseudo"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:n|\d+|L\d+)|<[^<>]*>")
_ACCENTED = str.maketrans("aceinosuyACEINOSUYdD", "àçéîñöšûýÀÇÉÎÑÖŠÛÝđĐ")


def pseudo(message: str) -> str:
    """The pseudo-locale: every letter accented and the text 40 % longer, placeholders kept.

    A screen shown in it exposes any string that skipped translation (it
    stays plain) and any label too narrow for a longer language.
    """
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(message):
        parts.append(message[last : match.start()].translate(_ACCENTED))
        parts.append(match.group())
        last = match.end()
    parts.append(message[last:].translate(_ACCENTED))
    text = "".join(parts)
    padding = "·" * max(1, round(len(message) * 0.4))
    return f"⟦{text}{padding}⟧"


class _PseudoTranslations(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)


@functools.cache
def _language_entries() -> tuple[dict, ...]:
    return tuple(json.loads((locales_dir() / "languages.json").read_text(encoding="utf-8")))


def languages() -> list[dict]:
    """The languages the kiosk offers (locales/languages.json), test-only ones excluded."""
    return [entry for entry in _language_entries() if not entry.get("testing")]


def babel_locale(language: str | None = None) -> str:
    """The CLDR locale babel formats dates and numbers with, for ``language``; Vietnamese when unknown."""
    language = language or _language
    for entry in _language_entries():
        if entry["code"] == language:
            return entry["babel_locale"]
    return "vi_VN"


@functools.cache
def translator(language: str) -> Callable[[str], str]:
    """The ``_`` of one language, for a document printed in a language other than the screen's.

    A receipt is printed in its person's language while the screen may
    already show the next person's: switching the process-wide language
    around rendering would race with the interface.
    """
    catalogue = _PseudoTranslations() if language == PSEUDO else _load(language, locales_dir())
    return lambda message: safe_translation(message, catalogue.gettext(message))


def set_language(language: str) -> None:
    """Make ``language`` (a code in locales/languages.json) the current one."""
    global _translations, _language
    _translations = _PseudoTranslations() if language == PSEUDO else _load(language, locales_dir())
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return safe_translation(message, _translations.gettext(message))


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    translated = _translations.ngettext(singular, plural, n)
    return safe_translation(singular if n == 1 else plural, translated)


def pgettext(context: str, message: str) -> str:
    return safe_translation(message, _translations.pgettext(context, message))


set_language(DEFAULT_LANGUAGE)
