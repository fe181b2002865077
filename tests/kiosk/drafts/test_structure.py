"""The heading rules, on small texts written for these tests."""

from __future__ import annotations

import unicodedata

import pytest

from kiosk import i18n
from kiosk.domain import NodeKind
from kiosk.drafts import DraftFormatError, parse_text
from kiosk.drafts.lines import text_lines
from kiosk.drafts.parse import analyse

HEADER = "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\nQUY CHẾ\nQuản lý chợ xã\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"

# Filler for hard-wrapped (PDF-extracted) texts: printed lines that end mid-sentence.
FILLER = [
    "Ủy ban nhân dân xã có trách nhiệm tổ chức thực hiện việc quản lý",
    "chợ trên địa bàn theo quy định của pháp luật và hướng dẫn của cơ",
    "quan cấp trên, bảo đảm an toàn, vệ sinh, trật tự và văn minh thương",
    "mại, tạo điều kiện thuận lợi cho người dân mua bán hàng hóa hằng ngày.",
]


def kinds(parsed, kind: NodeKind) -> list[str]:
    return [n.number for n in parsed.walk() if n.kind == kind]


def wrapped(*lines: str) -> str:
    """A text laid out like a PDF extraction: each printed line a line, many ending mid-sentence."""
    return "\n".join([*lines, "Điều 99. Điều khoản cuối", *FILLER * 4])


def test_a_simple_regulation():
    parsed = parse_text(
        HEADER
        + "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy chế này quy định việc họp chợ.\n"
        + "Điều 2. Giải thích từ ngữ\n1. Chợ là nơi mua bán.\n2. Ban quản lý gồm:\na) Trưởng ban;\nb) Phó ban;\n"
        + "Chương II\nTỔ CHỨC THỰC HIỆN\nĐiều 3. Hiệu lực\nQuy chế có hiệu lực kể từ ngày ký.\n"
    )
    preamble, chapter_1, _chapter_2 = parsed.nodes
    assert preamble.kind == NodeKind.PREAMBLE and "XÃ AN PHÚ" in preamble.text
    assert (chapter_1.number, chapter_1.title) == ("I", "NHỮNG QUY ĐỊNH CHUNG")
    article_2 = chapter_1.children[1]
    assert (article_2.number, article_2.title, article_2.text) == ("2", "Giải thích từ ngữ", "")
    assert [(c.number, c.text) for c in article_2.children] == [("1", "Chợ là nơi mua bán."), ("2", "Ban quản lý gồm:")]
    assert [(p.number, p.text) for p in article_2.children[1].children] == [("a", "Trưởng ban;"), ("b", "Phó ban;")]
    assert parsed.title == "QUY CHẾ Quản lý chợ xã"
    assert parsed.issuer == "ỦY BAN NHÂN DÂN"
    assert parsed.legal_bases == ("Căn cứ Luật Tổ chức chính quyền địa phương",)
    assert parsed.counts()["article"] == 3 and [a.number for a in parsed.articles()] == ["1", "2", "3"]


def test_decomposed_tone_marks_are_normalised_first():
    text = unicodedata.normalize("NFD", "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nNội dung.\nĐiều 2. Đối tượng\nNội dung.")
    assert "Điều" not in text  # the test really starts from decomposed text
    parsed = parse_text(text)
    assert kinds(parsed, NodeKind.ARTICLE) == ["1", "2"]
    assert parsed.articles()[1].title == "Đối tượng" == unicodedata.normalize("NFC", parsed.articles()[1].title)


@pytest.mark.parametrize(
    "heading",
    ["Chương I", "CHƯƠNG I", "Chương I.", "Chương I. QUY ĐỊNH CHUNG", "CHƯƠNG I QUY ĐỊNH CHUNG", "Chương 1", "Chương I: QUY ĐỊNH CHUNG"],
)
def test_chapter_headings_in_any_case(heading):
    parsed = parse_text(f"{heading}\nĐiều 1. Phạm vi\nNội dung.")
    assert kinds(parsed, NodeKind.CHAPTER) == [heading.split()[1].rstrip(".:")]


@pytest.mark.parametrize("heading", ["Mục 1", "MỤC 1", "Mục 1. QUẢN LÝ", "MỤC 1: QUẢN LÝ"])
def test_section_headings_in_any_case(heading):
    parsed = parse_text(f"Chương I\nQUY ĐỊNH\n{heading}\nĐiều 1. Phạm vi\nNội dung.")
    section = parsed.nodes[0].children[0]
    assert (section.kind, section.number) == (NodeKind.SECTION, "1")
    assert section.children[0].kind == NodeKind.ARTICLE


def test_parts_subsections_and_ordinals():
    parsed = parse_text(
        "Phần thứ nhất\nNHỮNG QUY ĐỊNH CHUNG\nChương I\nPHẠM VI\nMục 1\nQUY ĐỊNH\nTiểu mục 1\nTHẨM QUYỀN\n"
        "Điều 1. Một\nNội dung.\nPHẦN THỨ HAI\nTHI HÀNH\nĐiều 2. Hai\nPhần thứ nhất bao gồm từ “Kính gửi”.\n"
    )
    assert kinds(parsed, NodeKind.PART) == ["thứ nhất", "THỨ HAI"]
    subsection = parsed.nodes[0].children[0].children[0].children[0]
    assert (subsection.kind, subsection.title, subsection.children[0].number) == (NodeKind.SUBSECTION, "THẨM QUYỀN", "1")
    assert "Phần thứ nhất bao gồm" in parsed.articles()[1].text


def test_words_that_start_like_headings_are_text():
    parsed = parse_text(
        "Điều 1. Phạm vi\nMục đích và đối tượng của Quy chế.\nChương trình phát triển chợ.\n"
        "Điều tra viên thực hiện theo quy định.\nPhần II của Quy chế chuyển viện.\nĐiều 2. Hai\nNội dung."
    )
    assert parsed.counts()["section"] == parsed.counts()["chapter"] == parsed.counts()["part"] == 0
    assert kinds(parsed, NodeKind.ARTICLE) == ["1", "2"]
    assert "Điều tra viên" in parsed.articles()[0].text


def test_article_numbers_with_letters_and_plus():
    parsed = parse_text("Điều 5. Chính sách\nA.\nĐiều 5+. Ứng dụng\nB.\nĐiều 12. C\nĐiều 12a. Bổ sung\nD.\nĐiều 13. E\n")
    assert kinds(parsed, NodeKind.ARTICLE) == ["5", "5+", "12", "12a", "13"]
    assert parsed.articles()[1].title == "Ứng dụng"


def test_clauses_and_points_keep_their_numbers_and_letters():
    parsed = parse_text(
        "Điều 1. Một\n1. Khoản một:\na) Điểm a;\nb) Điểm b;\nc) Điểm c;\nd) Điểm d;\nđ) Điểm đ;\ne) Điểm e;\ng) Điểm g.\n"
        "15. Không theo thứ tự nên là văn bản.\n2. Khoản hai.\n2a. Khoản bổ sung.\n3. Khoản ba."
    )
    clauses = parsed.articles()[0].children
    assert [c.number for c in clauses] == ["1", "2", "2a", "3"]
    assert [p.number for p in clauses[0].children] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert "15. Không theo thứ tự" in clauses[0].children[-1].text


def test_points_out_of_order_are_text():
    parsed = parse_text("Điều 1. Một\n1. Khoản:\na) Một;\nc) không phải điểm;\nb) Hai.")
    points = parsed.articles()[0].children[0].children
    assert [p.number for p in points] == ["a", "b"]
    assert points[0].text == "Một;\nc) không phải điểm;"


def test_points_directly_under_an_article():
    parsed = parse_text("Điều 1. Các trường hợp\nGồm:\na) Một;\nb) Hai.")
    assert [(n.kind, n.number) for n in parsed.articles()[0].children] == [(NodeKind.POINT, "a"), (NodeKind.POINT, "b")]


@pytest.mark.parametrize(("open_", "close"), [("“", "”"), ('"', '"'), ("«", "»")], ids=["curly", "straight", "guillemets"])
def test_quoted_amendments_belong_to_the_amending_article(open_, close):
    parsed = parse_text(
        "Điều 1. Sửa đổi, bổ sung một số điều của Luật X\n"
        "1. Điều 5 được sửa đổi, bổ sung như sau:\n"
        f"{open_}Điều 5. Nguyên tắc\n"
        "1. Tuân thủ pháp luật.\n"
        "a) Điểm mới;\n"
        f"2. Bảo đảm công khai.{close}.\n"
        "2. Bổ sung Điều 5a vào sau Điều 5 như sau:\n"
        f"{open_}Điều 5a. Bổ sung{close}\n"
        "Điều 2. Hiệu lực thi hành\nLuật này có hiệu lực từ ngày 01 tháng 01 năm 2026."
    )
    assert kinds(parsed, NodeKind.ARTICLE) == ["1", "2"]
    clause_1, clause_2 = parsed.articles()[0].children
    assert (clause_1.number, clause_2.number) == ("1", "2")
    assert clause_1.children == ()
    assert clause_1.text.endswith("a) Điểm mới;\n2. Bảo đảm công khai." + close + ".")
    assert "Điều 5a. Bổ sung" in clause_2.text


def test_an_inline_quotation_does_not_hide_what_follows():
    parsed = parse_text(
        "Điều 1. Thay cụm từ\na) Thay cụm từ “rượu” bằng cụm từ “rượu, bia” tại khoản 4;\n"
        "b) Bỏ dấu ” thừa và mở “ một dấu không bao giờ đóng\nĐiều 2. Hai\nNội dung.\nĐiều 3. Ba\nNội dung."
    )
    assert kinds(parsed, NodeKind.ARTICLE) == ["1", "2", "3"]


def test_quotes_escaped_in_markdown():
    parsed = parse_text(
        "### Điều 1. Sửa đổi\n\n#### 1. Sửa đổi Điều 56 như sau:\n\n##### &quot;Điều 56. Thẩm định\n\n"
        "1. Nội dung.&quot;.\n\n### Điều 2. Hiệu lực\n\nNội dung.",
        source_format="md",
    )
    assert kinds(parsed, NodeKind.ARTICLE) == ["1", "2"]
    assert '"Điều 56. Thẩm định\n1. Nội dung.".' in parsed.articles()[0].children[0].text


def test_a_wrapped_reference_is_not_an_article():
    parsed = parse_text(
        wrapped(
            "Điều 1. Phạm vi điều chỉnh",
            "Nghị định này quy định chi tiết việc đóng bảo hiểm theo quy định tại",
            "Điều 10 Nghị định số 115/2015/NĐ-CP và khoản 2 Điều 2 của Luật Bảo",
            "hiểm xã hội, được sửa đổi, bổ sung tại khoản 3 của",
            "Điều 11. Trường hợp không áp dụng theo quy định của Luật Bảo hiểm xã",
            "hội thì thực hiện theo quy định tại",
            "Điều 2 của Luật Bảo hiểm xã hội.",
            "Điều 2. Đối tượng áp dụng",
        )
    )
    assert kinds(parsed, NodeKind.ARTICLE) == ["1", "2", "99"]
    assert "Điều 11. Trường hợp không áp dụng" in parsed.articles()[0].text


def test_wrapped_text_is_joined_into_paragraphs():
    parsed = parse_text(wrapped("Điều 1. Phạm vi", *FILLER))
    assert parsed.articles()[0].text == " ".join(FILLER)


def test_a_wrapped_article_title_continues_in_lower_case():
    parsed = parse_text(
        wrapped("Điều 1. Tạm dừng đóng vào quỹ hưu trí và tử tuất theo quy định tại", "khoản 1 Điều 37 của Luật", "Nội dung.")
    )
    assert parsed.articles()[0].title == "Tạm dừng đóng vào quỹ hưu trí và tử tuất theo quy định tại khoản 1 Điều 37 của Luật"
    assert parsed.articles()[0].text.startswith("Nội dung.")


def test_a_heading_wrapped_mid_phrase():
    parsed = parse_text("Điều 1. Phạm\nvi điều chỉnh\nLuật này quy định về công nghệ thông tin.\nĐiều 2. Đối tượng")
    assert parsed.articles()[0].title == "Phạm vi điều chỉnh"


def test_an_article_title_in_its_own_paragraph():
    parsed = parse_text("Điều 1.\nPhạm vi điều chỉnh\nLuật này quy định.\nĐiều 2.\nNước ta là một nước độc lập.\nĐiều 3\n1. Khoản")
    assert [(a.number, a.title) for a in parsed.articles()] == [("1", "Phạm vi điều chỉnh"), ("2", ""), ("3", "")]


def test_article_headings_without_a_dot():
    parsed = parse_text(
        "Điều 4. Bốn\nNội dung.\nĐiều 5 Chính sách của Nhà nước\nNội dung.\nĐiều 6: Quản lý\nNội dung.\n"
        "Điều 8 Luật Đầu tư quy định như vậy.\nĐiều 7\nNội dung.\nĐiều 3\nkhông theo thứ tự."
    )
    assert [(a.number, a.title) for a in parsed.articles()] == [("4", "Bốn"), ("5", "Chính sách của Nhà nước"), ("6", "Quản lý"), ("7", "")]


def test_a_misspelt_keyword_is_read_only_in_sequence():
    parsed = parse_text("Điều 35. Sửa đổi\nNội dung.\nĐiền 36. Hiệu lực thi hành\nNội dung.\nĐiền 40. Không theo thứ tự\n")
    assert kinds(parsed, NodeKind.ARTICLE) == ["35", "36"]


def test_gazette_noise_is_set_aside():
    text = wrapped(
        "Điều 1. Phạm vi điều chỉnh",
        "Nghị định này quy định chi tiết việc đóng bảo hiểm xã hội bắt buộc đối",
        "",
        "CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025",
        "55",
        "Ký bởi: Cổng Thông tin điện tử Chính phủ",
        "Email: thongtinchinhphu@chinhphu.vn",
        "Cơ quan: Văn phòng Chính phủ",
        "Thời gian ký: 07.05.2018 10:12:47 +07:00",
        "với người lao động.",
    )
    analysis = analyse(text_lines(text), "test")
    article = analysis.draft.articles()[0]
    assert article.text.startswith("Nghị định này quy định chi tiết việc đóng bảo hiểm xã hội bắt buộc đối với người lao động.")
    assert analysis.set_aside[:2] == ("CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025", "55")
    assert len(analysis.set_aside) == 6


def test_a_footnote_mark_glued_to_a_heading():
    analysis = analyse(text_lines(wrapped("Điều 8. Hiệu lực thi hành2", "1. Thông tư này có hiệu lực.")), "test")
    assert analysis.draft.articles()[0].title == "Hiệu lực thi hành"
    assert analysis.set_aside == ("2",)


def test_appendix_content_is_text():
    parsed = parse_text(
        "Điều 1. Ban hành\nBan hành kèm theo các mẫu.\nPhụ lục I\nMẪU QUYẾT ĐỊNH\n(Kèm theo Thông tư số 01/2025/TT-BNV)\n"
        "QUYẾT ĐỊNH\nĐiều 1. Bổ nhiệm ông Nguyễn Văn A.\nĐiều 2. Quyết định có hiệu lực.\n"
        "Điều tra thống kê hằng năm.\n1. Khoản mẫu.\nPHẦN A. MẪU BIỂU\nChương I\nPhụ lục II\nDANH MỤC"
    )
    assert kinds(parsed, NodeKind.ARTICLE) == ["1"]
    appendix_1, appendix_2 = [n for n in parsed.nodes if n.kind == NodeKind.APPENDIX]
    assert (appendix_1.number, appendix_1.title) == ("I", "MẪU QUYẾT ĐỊNH")
    assert "Điều 1. Bổ nhiệm" in appendix_1.text and "Điều tra thống kê" in appendix_1.text
    assert [(c.kind, c.number, c.text) for c in appendix_1.children] == [(NodeKind.PART, "A", "Chương I")]
    assert (appendix_2.number, appendix_2.title) == ("II", "DANH MỤC")


def test_a_list_of_appendices_is_not_an_appendix():
    parsed = parse_text("Điều 1. Một\nNội dung.\nPhụ lục II\nGồm:\nPhụ lục IIa. Nhật ký thi công\nPhụ lục IIb. Bản vẽ hoàn công\n")
    assert kinds(parsed, NodeKind.APPENDIX) == ["II"]


def test_an_appendix_alone_is_a_document():
    parsed = parse_text("Phụ lục I\nTHỂ THỨC VĂN BẢN\nPhần I\nTHỂ THỨC\nI. QUY ĐỊNH CHUNG\n1. Khổ giấy A4.")
    assert [n.kind for n in parsed.nodes] == [NodeKind.APPENDIX]
    assert parsed.title == "Phụ lục I THỂ THỨC VĂN BẢN"
    assert kinds(parsed, NodeKind.PART) == ["I"]


@pytest.mark.parametrize("text", ["QUỐC HỘI\nLUẬT\nKHÔNG CÓ GÌ\nChỉ có lời văn.", "   ", "Chương I\nQUY ĐỊNH CHUNG\n"])
def test_no_article_is_an_error(text):
    i18n.set_language("en")
    with pytest.raises(DraftFormatError) as caught:
        parse_text(text)
    assert caught.value.code == "draft_format"
    assert "No articles found" in str(caught.value) or "empty" in str(caught.value)


def test_the_closing_formula_stays_in_the_last_article():
    parsed = parse_text(
        "Điều 1. Một\nNội dung.\nLuật này được Quốc hội thông qua ngày 14 tháng 6 năm 2019.\nCHỦ TỊCH QUỐC HỘI\nNguyễn Văn A"
    )
    assert parsed.articles()[-1].text.endswith("CHỦ TỊCH QUỐC HỘI\nNguyễn Văn A")


def test_preamble_facts():
    parsed = parse_text(
        "BỘ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 28/2026/TT-BKHCN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Nội, ngày 31 tháng 5 năm 2026\nTHÔNG TƯ\nQuy định Danh mục dịch vụ\nCăn cứ Luật Viễn thông;\n"
        "Căn cứ Nghị định số 55/2025/NĐ-CP;\nTheo đề nghị của Cục trưởng;\nĐiều 1. Phạm vi\nNội dung."
    )
    assert (parsed.issuer, parsed.number, parsed.date) == ("BỘ KHOA HỌC VÀ CÔNG NGHỆ", "28/2026/TT-BKHCN", "2026-05-31")
    assert parsed.title == "THÔNG TƯ Quy định Danh mục dịch vụ"
    assert parsed.legal_bases == ("Căn cứ Luật Viễn thông", "Căn cứ Nghị định số 55/2025/NĐ-CP")


def test_a_draft_with_blank_number_and_date():
    parsed = parse_text(
        "QUỐC HỘI\nLuật số: /2025/QH15\nHà Nội, ngày tháng năm 2025\nDự thảo\n01/12/2025\nLUẬT\nTRÍ TUỆ NHÂN TẠO\nĐiều 1. Phạm vi\nA."
    )
    assert (parsed.number, parsed.date, parsed.title) == ("/2025/QH15", "2025-12-01", "LUẬT TRÍ TUỆ NHÂN TẠO")
