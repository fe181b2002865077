"""qsTr()'s .qm catalogues, built from the same .po files as Python's gettext."""

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk import i18n
from ui import qml_translations

QML = Path(__file__).resolve().parents[2] / "ui" / "qml" / "Kiosk"
# qsTr("…") and qsTr("…", "", n): the literal as it stands in the file.
QSTR = re.compile(r'qsTr\("((?:[^"\\]|\\.)*)"')


def _qml_strings() -> list[tuple[str, str]]:
    """(context, source) of every qsTr() in the kiosk's QML: the context is the file's name."""
    return [(path.stem, text) for path in sorted(QML.glob("*.qml")) for text in QSTR.findall(path.read_text(encoding="utf-8"))]


def _translator(language: str, target: Path) -> QTranslator:
    translator = QTranslator()
    assert translator.load(str(qml_translations.build(language, target / f"{language}.qm")))
    return translator


def test_every_qml_string_reads_as_gettext_translates_it(qapp, tmp_path):
    strings = _qml_strings()
    assert len(strings) > 300
    for language in ("vi", "en"):
        translator = _translator(language, tmp_path)
        translate = i18n.translator(language)
        for context, source in strings:
            # A "%n" string is asked with a count, as qsTr(text, "", n) asks it.
            count = 3 if "%n" in source else -1
            assert (translator.translate(context, source, None, count) or source) == translate(source), (language, context, source)


def test_the_pseudo_locale_accents_the_qml_strings_too(qapp, tmp_path):
    translator = _translator(i18n.PSEUDO, tmp_path)
    assert translator.translate("HomeScreen", "Check my receipt") == i18n.pseudo("Check my receipt")


def test_without_lrelease_the_kiosk_still_starts_in_english_and_says_why(qapp, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(qml_translations, "qm_path", lambda language: tmp_path / language / "gopy.qm")
    monkeypatch.setattr(qml_translations, "_lrelease", lambda: tmp_path / "no-lrelease")
    qml_translations.use("vi")
    try:
        assert QCoreApplication.translate("HomeScreen", "Check my receipt") == "Check my receipt"
        assert "not translated to vi" in caplog.text
    finally:
        monkeypatch.undo()
        qml_translations.use(i18n.DEFAULT_LANGUAGE)
