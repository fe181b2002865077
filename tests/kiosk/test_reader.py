import pytest

from kiosk.consultations import ConsultationRepository
from kiosk.domain import NodeKind
from kiosk.reader import DraftReader
from tests.conftest import article_id


@pytest.fixture
def reader(store):
    repo = ConsultationRepository(store)
    return DraftReader(repo.nodes(repo.current_draft_id("TEST-1")))


def test_the_table_of_contents_has_chapters_and_their_articles(reader):
    toc = [(e.level, e.text, e.is_page) for e in reader.toc()]
    assert toc == [
        (0, "Chương I. NHỮNG QUY ĐỊNH CHUNG", False),
        (1, "Điều 1. Phạm vi điều chỉnh", True),
        (1, "Điều 2. Giải thích từ ngữ", True),
        (0, "Chương II. TỔ CHỨC THỰC HIỆN", False),
        (1, "Điều 3. Hiệu lực thi hành", True),
    ]


def test_a_page_shows_the_article_with_its_clauses_and_points(reader, store):
    page = reader.page(article_id(store, "article:2"))
    assert page.heading == "Điều 2. Giải thích từ ngữ" and page.label == "Điều 2"
    assert page.path == "Chương I. NHỮNG QUY ĐỊNH CHUNG"
    assert [(b.level, b.marker, b.text) for b in page.blocks] == [
        (1, "1.", "Chợ là nơi mua bán."),
        (1, "2.", "Ban quản lý chợ gồm:"),
        (2, "a)", "Trưởng ban;"),
        (2, "đ)", "Thành viên."),
    ]
    assert (page.number, page.count) == (2, 3)


def test_next_and_previous_cross_chapters_and_stop_at_the_ends(reader, store):
    first, second, third = (article_id(store, f"article:{n}") for n in (1, 2, 3))
    assert reader.first_page() == first
    assert reader.page(first).previous_id is None and reader.page(first).next_id == second
    assert reader.page(second).next_id == third
    assert reader.page(third).next_id is None and reader.page(third).previous_id == second


def test_a_clause_or_point_opens_its_article(reader, store):
    point = article_id(store, "article:2/clause:2/point:đ")
    assert reader.page_of(point) == article_id(store, "article:2")
    assert reader.page(point).node_id == article_id(store, "article:2")
    assert reader.node(point).kind == NodeKind.POINT


def test_headings_and_the_preamble_are_not_pages(reader, store):
    chapter = next(e.node_id for e in reader.toc() if not e.is_page)
    assert reader.page_of(chapter) is None
    with pytest.raises(KeyError):
        reader.page(chapter)


def test_an_empty_draft_has_no_pages():
    reader = DraftReader([])
    assert reader.first_page() is None and reader.toc() == []
