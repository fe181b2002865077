"""qsTr()'s translations: the QML strings of the gettext catalogues, compiled to Qt's .qm.

The .po files stay the one source of every translation (Python's ``_()``
reads them through their .mo). QML is answered by a plain QTranslator
loading a .qm built from them, so Qt never calls into Python to translate.
That matters because Qt translates on its QML loader thread too (error
strings while it compiles a screen): a Python translator there needs the
GIL, which a Python call waiting for that thread holds, and the kiosk hangs.

A source checkout builds ``locales/<lang>/LC_MESSAGES/gopy.qm`` on first use
(again whenever its .po is newer), with the ``lrelease`` that comes with
PySide6; build.spec builds them into the bundle. The pseudo-locale's .qm is
built from the Vietnamese catalogue's QML strings.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from kiosk import i18n
from kiosk.resources import locales_dir

log = logging.getLogger(__name__)
QML_SUFFIX = ".qml"
SOURCE_OF_PSEUDO = "vi"  # the catalogue whose QML strings the pseudo-locale accents


def qm_path(language: str) -> Path:
    return locales_dir() / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.qm"


def po_path(language: str) -> Path:
    return locales_dir() / (SOURCE_OF_PSEUDO if language == i18n.PSEUDO else language) / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def _qml_messages(catalog, language: str) -> Iterator[tuple[list[str], str, str]]:
    """(QML contexts, source, translation) of every translated QML string in ``catalog``.

    qsTr()'s context is the QML file's name without ".qml", read from the
    catalogue's locations. Untranslated and fuzzy entries are left out, so Qt
    shows the source, as gettext does.
    """
    for message in catalog:
        if not message.id or message.fuzzy or message.pluralizable:
            continue
        contexts = sorted({Path(location).stem for location, _line in message.locations if location.endswith(QML_SUFFIX)})
        if not contexts:
            continue
        if language == i18n.PSEUDO:
            yield contexts, message.id, i18n.pseudo(message.id)
        elif message.string:
            yield contexts, message.id, i18n.safe_translation(message.id, message.string)


def ts_document(language: str, messages: list[tuple[list[str], str, str]], plural_forms: int) -> bytes:
    """A Qt Linguist .ts file holding ``messages``; a "%n" string gets one form per plural form."""
    import xml.etree.ElementTree as ET
    root = ET.Element("TS", version="2.1", language="en" if language == i18n.PSEUDO else language)
    by_context: dict[str, list[tuple[str, str]]] = {}
    for contexts, source, translation in messages:
        for context in contexts:
            by_context.setdefault(context, []).append((source, translation))
    for context, entries in sorted(by_context.items()):
        element = ET.SubElement(root, "context")
        ET.SubElement(element, "name").text = context
        for source, translation in entries:
            numerus = "%n" in source
            message = ET.SubElement(element, "message", numerus="yes") if numerus else ET.SubElement(element, "message")
            ET.SubElement(message, "source").text = source
            target = ET.SubElement(message, "translation")
            if numerus:
                for _form in range(plural_forms):
                    ET.SubElement(target, "numerusform").text = translation
            else:
                target.text = translation
    return b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, encoding="utf-8")


def _lrelease() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")


class QmlCatalogueError(RuntimeError):
    """A .qm could not be built or read: the screens then show their English source strings."""


def build(language: str, target: Path) -> Path:
    """Compile ``language``'s QML strings to ``target`` (a .qm file)."""
    import subprocess
    import tempfile

    from babel.messages.pofile import read_po

    with po_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=SOURCE_OF_PSEUDO if language == i18n.PSEUDO else language)
    messages = list(_qml_messages(catalog, language))
    plural_forms = 2 if language == i18n.PSEUDO else catalog.num_plurals  # the pseudo-locale counts as English
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        ts, qm = Path(scratch) / f"{i18n.DOMAIN}.ts", Path(scratch) / target.name
        ts.write_bytes(ts_document(language, messages, plural_forms))
        try:
            subprocess.run([str(_lrelease()), "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError) as error:
            raise QmlCatalogueError(f"lrelease could not compile {language}'s QML strings: {error}") from error
        os.replace(qm, target)  # whole or not at all, even with two processes building it
    return target


def compiled(language: str) -> Path | None:
    """The .qm for ``language``, built first when it is missing or older than its .po; None without a catalogue."""
    qm, po = qm_path(language), po_path(language)
    if not po.exists():
        return qm if qm.exists() else None  # a bundle ships the .qm without the .po
    if not qm.exists() or qm.stat().st_mtime < po.stat().st_mtime:
        build(language, qm)
    return qm


def use(language: str) -> None:
    """Make ``language`` the current one for Python's ``_()`` and for every qsTr() of the application."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    i18n.set_language(language)
    app = QCoreApplication.instance()
    previous = getattr(app, "_gopy_qml_translator", None)
    if previous is not None:
        app.removeTranslator(previous)
        app._gopy_qml_translator = None
    try:
        qm = compiled(language)
        if qm is None:
            return
        translator = QTranslator(app)
        if not translator.load(str(qm)):
            raise QmlCatalogueError(f"Qt cannot read the translations in {qm}")
    except QmlCatalogueError:
        # English on the screens beats no kiosk at all; the log says why, for the administrator.
        log.exception("the screens are not translated to %s", language)
        return
    app.installTranslator(translator)
    app._gopy_qml_translator = translator
