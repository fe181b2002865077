"""The centre's web pages are fully translated: Django's `django` catalogues hold every string of the sources, in vi and en."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = ("vi", "en")


@pytest.fixture(scope="module")
def source_ids(tmp_path_factory) -> set[str]:
    """Every msgid of the web side's sources, as Django's makemessages extracts them (scripts/django_messages.py)."""
    pot = tmp_path_factory.mktemp("pot") / "django.pot"
    subprocess.run([sys.executable, str(REPO / "scripts" / "django_messages.py"), "--pot", str(pot)], check=True, cwd=REPO)
    text = pot.read_bytes().replace(b"nplurals=INTEGER; plural=EXPRESSION;", b"nplurals=2; plural=(n != 1);")
    return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(io.BytesIO(text)) if m.id}


def catalogue(language: str):
    with (REPO / "locales" / language / "LC_MESSAGES" / "django.po").open("rb") as fh:
        return read_po(fh, locale=language)


def ids_of(found) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in found if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_sources_is_in_the_catalogue_and_nothing_else(source_ids, language):
    ids = ids_of(catalogue(language))
    assert source_ids - ids == set(), f"missing from {language}/django.po: run scripts/django_messages.py and translate"
    assert ids - source_ids == set(), f"no longer in the sources: run scripts/django_messages.py ({language})"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    check_translated(catalogue(language), language)


def check_translated(found, language: str) -> None:
    assert not found.fuzzy
    for message in found:
        if not message.id:
            continue
        strings = (message.string,) if isinstance(message.string, str) else message.string
        assert "fuzzy" not in message.flags, message.id
        assert strings and all(s.strip() for s in strings), f"untranslated in {language}: {message.id!r}"
        assert not list(message.check(found)), (message.id, list(message.check(found)))  # placeholders agree


def test_vietnamese_is_vietnamese():
    found = catalogue("vi")
    assert found.plural_forms == "nplurals=1; plural=0;"
    texts = [m.string if isinstance(m.string, str) else m.string[0] for m in found if m.id]
    assert sum(any(ch in t for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") for t in texts) > len(texts) * 0.8
    same = [m.id for m in found if m.id and isinstance(m.id, str) and m.string == m.id]
    assert same == [], same


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_compiles(tmp_path, language):
    source = REPO / "locales" / language / "LC_MESSAGES" / "django.po"
    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(source)], check=True)
