"""The catalogues: complete in vi and en, valid for msgfmt, in step with the sources."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk import i18n

REPO = Path(__file__).resolve().parents[2]
CATALOGUES = {lang: REPO / "locales" / lang / "LC_MESSAGES" / "gopy.po" for lang in ("vi", "en")}


def _catalogue(lang):
    with CATALOGUES[lang].open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.mark.parametrize("lang", CATALOGUES)
def test_msgfmt_check_passes(lang, tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (Debian package gettext) is needed; make test installs it"
    result = subprocess.run([msgfmt, "--check", "-o", str(tmp_path / "x.mo"), str(CATALOGUES[lang])], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", CATALOGUES)
def test_nothing_untranslated_or_fuzzy(lang):
    catalogue = _catalogue(lang)
    untranslated = [m.id for m in catalogue if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_every_string_in_the_sources_is_in_the_catalogues(tmp_path):
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
         "-k", "pgettext:1c,2", "-k", "qsTr", "-k", "qsTranslate:2", "-o", str(pot), "."],
        cwd=REPO, check=True, capture_output=True,
    )
    with pot.open("rb") as fh:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    for lang in CATALOGUES:
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(lang) if m.id}
        missing = sorted(wanted - have)
        assert missing == [], f"{lang}: run `make extract` and translate: {missing[:10]}"


def test_a_translation_that_breaks_a_placeholder_falls_back_to_the_source(monkeypatch):
    class Broken(gettext.NullTranslations):
        def gettext(self, message):
            return {"Hello {name}": "Xin chào {ten}", "%n day(s) left": "Còn ngày"}.get(message, message)

    monkeypatch.setattr(i18n, "_translations", Broken())
    assert i18n._("Hello {name}").format(name="Lan") == "Hello Lan"
    assert i18n._("%n day(s) left") == "%n day(s) left"


def test_the_pseudo_locale_accents_lengthens_and_keeps_placeholders():
    i18n.set_language(i18n.PSEUDO)
    text = i18n._("The file {file} is empty.")
    assert "{file}" in text and "é" in text and len(text) >= len("The file {file} is empty.") * 1.4
    assert i18n._("Drafting agency: %1").count("%1") == 1


def test_vietnamese_is_the_default():
    assert i18n.DEFAULT_LANGUAGE == "vi"
    assert i18n._("There is nothing to send yet: comment on an article or answer a question.").startswith("Chưa có")
