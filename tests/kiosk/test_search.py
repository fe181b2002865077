import pytest

from kiosk.search import MARK_END, MARK_START, fts_query, search, snippet
from tests.conftest import add_consultation


@pytest.mark.parametrize("query", ["cho", "chợ", "CHỢ", "Chợ"])
def test_with_or_without_diacritics_the_same_articles(store, query):
    assert [h.legal_key for h in search(store, query)] == [h.legal_key for h in search(store, "chợ")]
    assert search(store, query)


@pytest.mark.parametrize("query", ["truong ban", "TRƯỞNG BAN", "trưởng ban", "truong b"])
def test_folds_d_and_stacked_marks(store, query):
    hits = search(store, query)
    assert [h.legal_key for h in hits] == ["article:2"]  # a hit opens its article
    assert "«Trưởng» «ban»" in hits[0].snippet


def test_dj_folds_to_d(store):
    assert {h.legal_key for h in search(store, "dieu chinh")} == {"article:1"}  # "Phạm vi điều chỉnh"
    assert {h.legal_key for h in search(store, "ĐIỀU CHỈNH")} == {"article:1"}
    assert {h.legal_key for h in search(store, "hieu luc")} == {"article:3"}


def test_the_snippet_marks_the_match_in_the_original_text():
    text = "Quy chế có hiệu lực kể từ ngày ký và áp dụng cho chợ xã."
    marked = snippet(text, "hieu luc")
    assert f"{MARK_START}hiệu{MARK_END} {MARK_START}lực{MARK_END}" in marked


def test_titles_rank_above_body_text(store):
    hits = search(store, "hieu luc")
    assert hits[0].label == "Điều 3. Hiệu lực thi hành"


@pytest.mark.parametrize("typed", ['dự-thảo', 'cống"', "AND", "NEAR(", "*", "()", ""])
def test_anything_typed_is_safe(store, typed):
    search(store, typed)  # never an FTS5 syntax error


def test_only_current_drafts_unless_asked(store):
    add_consultation(store, "SECOND")
    assert len({h.draft_id for h in search(store, "hieu luc")}) == 2
    assert fts_query("  ") is None
