"""The queue's search: whole words, with or without diacritics, the same with and without an article, on both engines.

Over a whole consultation the search asks the word index (migration 0003): on PostgreSQL the GIN
index on review_comment_words(folded), on SQLite the FTS5 table of that name kept by triggers.
benchmarks/bench_console.py measures it on 1,000,000 comments.
"""

from __future__ import annotations

import pytest
from django.db import connection

from centre.consultations.models import Consultation
from centre.review import services
from centre.review.models import COMMENT_WORDS, Comment
from centre.review.selectors import queue
from tests.centre.review.conftest import CODE, batch, items

pytestmark = [pytest.mark.centre, pytest.mark.django_db]

TEXTS = {
    "width": ("article:2/clause:2", "Đề nghị giữ nguyên chiều rộng đường thôn là 5 mét."),
    "toan": ("article:2", "Cần bảo đảm an toàn giao thông."),
    "lights": ("article:1", "Lắp đèn chiếu sáng đường thôn."),
    "order": ("article:1", "Rộng chiều thì tốt."),
    "plain": ("article:2/clause:1", "DE NGHI GIU NGUYEN CHIEU RONG"),
}


@pytest.fixture
def searched(centre):
    b = batch("K1", [items((key, "other", text)) for key, text in TEXTS.values()])
    services.index_comments(b.pk)
    return Consultation.objects.get(code=CODE)


def found(consultation, q: str, **filters) -> set[str]:
    texts = {text: name for name, (_key, text) in TEXTS.items()}
    return {texts[c.text] for c in queue(consultation, {"q": q, **filters})}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("chiều rộng", {"width", "plain"}),
        ("CHIEU RONG", {"width", "plain"}),
        ("chieu rong duong thon", {"width"}),  # three words and more: in this order
        ("rong chieu", {"order"}),
        ("đường thôn", {"width", "lights"}),
        ("an", {"toan"}),  # a whole word: "an" is in "an toàn", not inside "toàn" nor "sáng"
        ("toan", {"toan"}),
        ("hieu ron", set()),  # no part of a word
        ("5 met", {"width"}),
        ("  giữ   nguyên, chiều! ", {"width", "plain"}),  # punctuation and spacing folded like the text
        ("den chieu sang duong", {"lights"}),
        ("xe máy", set()),
    ],
)
def test_whole_words_with_or_without_diacritics(searched, q, expected):
    assert found(searched, q) == expected
    by_article = {name for article in ("article:1", "article:2") for name in found(searched, q, article=article)}
    assert by_article == expected  # within one article the rows are read, not the word index: the same answer


def test_the_word_index_follows_the_text(searched):
    comment = Comment.objects.get(text=TEXTS["lights"][1])
    Comment.objects.filter(pk=comment.pk).update(folded="lap cot dien nang luong mat troi")
    assert found(searched, "chieu sang") == set()
    assert [c.pk for c in queue(searched, {"q": "nang luong mat troi"})] == [comment.pk]
    Comment.objects.filter(pk=comment.pk).delete()
    assert not queue(searched, {"q": "nang luong"}).exists()


@pytest.mark.postgres_only
def test_postgresql_looks_words_up_in_the_gin_index(searched):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a handful of rows: the planner would read them all otherwise
        for q in ("chieu", "chieu rong", "chieu rong duong"):
            sql, params = queue(searched, {"q": q}).values("pk").query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert COMMENT_WORDS in plan, plan
        cursor.execute("RESET enable_seqscan")


@pytest.mark.sqlite_only
def test_sqlite_asks_the_fts5_table(searched):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {COMMENT_WORDS} WHERE {COMMENT_WORDS} MATCH %s", ['"duong thon"'])
        assert cursor.fetchone()[0] == 2
    sql = str(queue(searched, {"q": "duong thon"}).query)
    assert f'FROM "{COMMENT_WORDS}" WHERE "{COMMENT_WORDS}" MATCH' in sql
    assert "MATCH" not in str(queue(searched, {"q": "duong thon", "article": "article:1"}).query)


@pytest.mark.sqlite_only
def test_sqlite_triggers_come_back_after_a_migration_remakes_the_table(searched):
    """A NOT NULL column added on SQLite remakes review_comments, triggers and all (migration 0004 does): migrate heals them."""
    from centre.review.word_index import TRIGGERS, heal

    assert heal(connection) == []  # nothing missing after the test database's migrate
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    Comment.objects.filter(pk=Comment.objects.order_by("pk").first().pk).update(folded=services.normalise("Hiệu lực sau ba mươi ngày."))
    assert not queue(searched, {"q": "ba muoi ngay"}).exists()  # not in the word index: its trigger was gone
    assert sorted(heal(connection)) == sorted(TRIGGERS)
    assert queue(searched, {"q": "ba muoi ngay"}).count() == 1  # rebuilt


def test_new_comments_reach_the_word_index(searched):
    """Comments are added to the index in bulk with the rows themselves, on both engines."""
    services.index_comments(batch("K2", [items(("article:3", "agree", "Ba mươi ngày là đủ."))], first_seq=5).pk)
    services.index_comments(batch("K3", [items(("article:3", "agree", "Hiệu lực sau ba mươi ngày."))]).pk)
    assert queue(searched, {"q": "ba muoi ngay"}).count() == 2
