"""Citations as people write them, resolved against a draft's legal keys (kiosk.citations)."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from kiosk import i18n
from kiosk.citations import Citation, CitationError, parse_citation, resolve_citation
from kiosk.errors import ValidationError

KEYS = frozenset({
    "article:1", "article:2", "article:2/clause:1", "article:2/clause:2", "article:2/clause:2/point:a",
    "article:2/clause:2/point:đ", "article:2/clause:2/point:d", "article:5+", "article:12", "article:12/clause:3",
    "article:12a", "article:7/point:b",
})  # fmt: skip


class Case(NamedTuple):
    name: str
    written: str
    key: str


CASES = [
    Case("article", "Điều 12", "article:12"),
    Case("bare number", "12", "article:12"),
    Case("article then clause", "Điều 12 khoản 3", "article:12/clause:3"),
    Case("clause then article (the standard order)", "khoản 3 Điều 12", "article:12/clause:3"),
    Case("point, clause, article", "điểm a khoản 2 Điều 2", "article:2/clause:2/point:a"),
    Case("article, clause, point with commas", "Điều 2, khoản 2, điểm a", "article:2/clause:2/point:a"),
    Case("abbreviated", "Đ.12 k.3", "article:12/clause:3"),
    Case("abbreviated, clause first, no spaces", "K3 Đ12", "article:12/clause:3"),
    Case("glued together", "Đ12K3", "article:12/clause:3"),
    Case("without diacritics", "khoan 3 dieu 12", "article:12/clause:3"),
    Case("in capitals", "KHOẢN 3 ĐIỀU 12", "article:12/clause:3"),
    Case("capitals without diacritics", "DIEU 12 KHOAN 3", "article:12/clause:3"),
    Case("point đ is not point d", "điểm đ khoản 2 Điều 2", "article:2/clause:2/point:đ"),
    Case("point d without diacritics", "diem d khoan 2 dieu 2", "article:2/clause:2/point:d"),
    Case("with 'của'", "khoản 3 của Điều 12", "article:12/clause:3"),
    Case("a point of the article", "điểm b Điều 7", "article:7/point:b"),
    Case("an inserted article", "Điều 12a", "article:12a"),
    Case("a drafting insert", "điều 5+", "article:5+"),
    Case("a full stop and spaces", "  Điều 12.  ", "article:12"),
]


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_form_is_resolved(case):
    assert resolve_citation(case.written, KEYS) == case.key


@pytest.mark.parametrize("written", ["Điều", "khoản 3", "abc", "Điều 5 Điều 6", "12abc", "", "Điều 12 khoản"])
def test_what_is_not_a_citation_is_named_as_written(written):
    with pytest.raises(CitationError) as caught:
        resolve_citation(written, KEYS)
    assert f"“{written.strip()}”" in str(caught.value) and "khoản 3 Điều 12" in str(caught.value)
    assert isinstance(caught.value, ValidationError) and caught.value.code == "citation"


@pytest.mark.parametrize("written", ["Điều 99", "K9 Đ12", "điểm e khoản 2 Điều 2", "khoan 3 dieu 1"])
def test_a_part_the_draft_lacks_is_named_as_written(written):
    with pytest.raises(CitationError, match=f"the draft has no {written}$"):
        resolve_citation(written, KEYS)


def test_the_citation_as_data():
    assert parse_citation("điểm a khoản 2 Điều 5") == Citation("5", "2", "a")
    assert Citation("5", "2", "a").key == "article:5/clause:2/point:a"
    assert parse_citation("khoản 3") is None


# Search: a citation typed in the search box finds the part it names first (kiosk.search).


@pytest.mark.parametrize(
    ("typed", "key", "label"),
    [
        ("khoản 2 Điều 2", "article:2/clause:2", "khoản 2 Điều 2"),
        ("dieu 2 khoan 2 diem d", "article:2/clause:2/point:d", None),
        ("Điều 2, khoản 2, điểm đ", "article:2/clause:2/point:đ", "điểm đ khoản 2 Điều 2"),
        ("DIEU 3", "article:3", "Điều 3. Hiệu lực thi hành"),
    ],
)
def test_search_puts_the_cited_part_first(store, typed, key, label):
    from kiosk.consultations import ConsultationRepository
    from kiosk.search import search

    hits = search(store, typed)
    if label is None:  # the sample draft has point đ, not d: no cited hit
        assert all(hit.legal_key != key for hit in hits)
        return
    assert (hits[0].legal_key, hits[0].label) == (key, label)
    repo = ConsultationRepository(store)
    article = repo.node_by_key(repo.current_draft_id("TEST-1"), key.split("/")[0])
    assert hits[0].node_id == article.id  # a hit opens its article


def test_a_bare_number_is_searched_as_text(store):
    from kiosk.search import search

    assert search(store, "2") == []  # no text of the sample draft holds a "2"; article 2 is not put forward
    assert [hit.legal_key for hit in search(store, "Điều 2")][:1] == ["article:2"]
