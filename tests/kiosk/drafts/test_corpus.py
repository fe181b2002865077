"""The parser against real documents (../shared/corpus, see its MANIFEST.md).

Expected counts are derived here without the parser: a plain line regex on
the normalised text (``naive``), and the hand-checked truth where the two
disagree, with how it was checked. Article numbers are checked as whole
sequences, so a lost, doubled or invented article shows.
"""

from __future__ import annotations

import html
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from kiosk import i18n
from kiosk.domain import NodeKind
from kiosk.drafts import DraftFormatError, parse_file
from kiosk.drafts.parse import analyse
from kiosk.drafts.readers import read_file
from kiosk.text import fold

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus) is not checked out beside the repo")


def _seq(first: int, last: int) -> list[str]:
    return [str(n) for n in range(first, last + 1)]


def _roman(first: int, last: int) -> list[str]:
    def roman(n: int) -> str:
        tens, units = divmod(n, 10)
        return "X" * tens + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][units]

    return [roman(n) for n in range(first, last + 1)]


@dataclass(frozen=True)
class Expect:
    naive_articles: int  # lines matching ^Điều \d+ (quotes allowed) in the normalised, markup-free text
    articles: list[str]  # the article numbers the document holds, in order
    chapters: list[str]
    sections: int
    parts: int


# How each was checked: by reading the file (grep on the NFC text, then the lines around every
# disagreement between the naive count and the document's own numbering).
EXPECTED = {
    # 12 bare "Điều N." headings, no chapters.
    "01_law_luat-quyen-lap-hoi-1957.txt": Expect(12, _seq(1, 12), [], 0, 0),
    "02_law_luat-cu-tru-2020-68-2020-QH14.txt": Expect(38, _seq(1, 38), _roman(1, 7), 0, 0),
    # 4 Mục: 1, 2 in Chương II and 1, 2 in Chương IV.
    "03_law_luat-thu-vien-2019.txt": Expect(52, _seq(1, 52), _roman(1, 6), 4, 0),
    # 7 of the 120 headings are decomposed (NFD) in the file: 120 once normalised.
    "06_law_hien-phap-2013.txt": Expect(120, _seq(1, 120), _roman(1, 11), 0, 0),
    # The last heading is misspelt "Điền 36. Hiệu lực thi hành": 35 naive, 36 articles.
    "07_law_luat-phong-chong-tac-hai-ruou-bia-2019.txt": Expect(35, _seq(1, 36), _roman(1, 7), 0, 0),
    # 3 articles of its own; the other 28 "Điều N." lines are quoted amended articles ("Điều 56. …").
    "08_law-amending_luat-62-2020-QH14-sua-doi-luat-xay-dung.md": Expect(31, _seq(1, 3), [], 0, 0),
    # Articles 1–35 plus the inserted "Điều 5+." of the draft.
    "09_draft_du-thao-luat-tri-tue-nhan-tao-2025-12-01.docx": Expect(36, [*_seq(1, 5), "5+", *_seq(6, 35)], _roman(1, 8), 0, 0),
    "10_draft_du-thao-luat-tri-tue-nhan-tao-2025-12-01.md": Expect(36, [*_seq(1, 5), "5+", *_seq(6, 35)], _roman(1, 8), 0, 0),
    # 147 bare "Điều N" headings; 18 more lines open the 2001 amended versions, quoted ("\"Điều 2").
    "11_law_hien-phap-1992-sua-doi-2001_vbpl.html": Expect(165, _seq(1, 147), _roman(1, 12), 0, 0),
    # Articles 1–510; 9 Phần; 36 Chương (the page anchors name Chuong_I … Chuong_XXXVI; the
    # manifest's 37th is the wrapped reference "Chương XXXIII của Bộ luật này."); 10 Mục I–VI.
    "12_law_bo-luat-to-tung-hinh-su-2015_vbpl.html": Expect(510, _seq(1, 510), _roman(1, 36), 10, 9),
    # 79 articles, 8 of them written "Điều 5 Chính sách …" or "Điều 24:Nguyên tắc …"; 12 Mục in Chương II–IV.
    "13_law_luat-cong-nghe-thong-tin-2006_tvpl-page.html": Expect(79, _seq(1, 79), _roman(1, 6), 12, 0),
    # An appendix only: no article (the one "Điều 1. Bản sao văn bản" is a sample in a table
    # cell); its Phần I and Phần II are parts; "Phần I | Chương I | Mục 1" in cells are samples.
    "17_decree-appendix_nghi-dinh-30-2020-ND-CP-phu-luc-I.docx": Expect(1, [], [], 0, 2),
    "18_decree_nghi-dinh-06-2021-ND-CP-quan-ly-chat-luong-xay-dung.md": Expect(54, _seq(1, 54), _roman(1, 5), 6, 0),
    # 45 articles; the other 11 lines are references wrapped to a line start ("Điều 2 của Luật …")
    # and the quoted "“Điều 39. Chi tổ chức …" that Điều 43 inserts into another decree.
    "20_decree_nghi-dinh-158-2025-ND-CP_congbao.txt": Expect(57, _seq(1, 45), _roman(1, 7), 2, 0),
    # The table's "1. … 2. Dịch vụ …" rows are not clauses; 4 articles.
    "21_circular_thong-tu-28-2026-TT-BKHCN_congbao.txt": Expect(4, _seq(1, 4), [], 0, 0),
    # 7 articles; Phần A and B in Phụ lục I and again in Phụ lục III ("PHẦN HƯỚNG DẪN …" has no number).
    "23_circular_thong-tu-02-2025-TT-BLDTBXH_congbao.txt": Expect(7, _seq(1, 7), [], 0, 4),
    # Articles 1–8; footnote 2 quotes articles 10–13 of Thông tư 50/2017/TT-BYT inside one
    # straight-quoted block ("Điều 10. …" … "giải quyết./."), so 10–13 are not this text's own.
    "25_circular-consolidated_vbhn-04-VBHN-BYT_congbao.txt": Expect(12, _seq(1, 8), [], 0, 0),
}
BROKEN = "26_circular-BROKEN_thong-tu-90-2025-TT-BQP_congbao-empty-extraction.txt"
# The parser reads the misspelt heading as article 36; the invariant below spells it back.
SPELLING = {"07_law_luat-phong-chong-tac-hai-ruou-bia-2019.txt": ("Điền 36.", "Điều 36.")}
KEYWORDS = {
    NodeKind.PART: "Phần",
    NodeKind.CHAPTER: "Chương",
    NodeKind.SECTION: "Mục",
    NodeKind.SUBSECTION: "Tiểu mục",
    NodeKind.ARTICLE: "Điều",
    NodeKind.APPENDIX: "Phụ lục",
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(path: Path) -> str:
    root = lxml.etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return "".join(t.text or "" for t in root.iter(_W + "t") if not any(a.tag.endswith("}Fallback") for a in t.iterancestors()))


def _html_body(path: Path) -> str:
    root = lxml.html.document_fromstring(path.read_text(encoding="utf-8"))
    body = root.get_element_by_id("toanvancontent", None)
    if body is None:
        body = root.find_class("content1")[0]  # TVPL: the first is Vietnamese, the second English
    for element in body.xpath(".//script|.//style"):
        element.drop_tree()
    return body.text_content()


def _html_blocks(path: Path) -> list:
    """The body's innermost paragraph-like elements."""
    root = lxml.html.document_fromstring(path.read_text(encoding="utf-8"))
    body = root.get_element_by_id("toanvancontent", None)
    if body is None:
        body = root.find_class("content1")[0]
    blocks = ("p", "div", "td", "li", "h1", "h2", "h3", "h4", "h5", "h6")
    return [el for el in body.iter(*blocks) if not el.xpath("|".join(f".//{b}" for b in blocks))]


def _markdown_text(path: Path) -> str:
    text = re.sub(r"\]\([^)]*\)", "]", path.read_text(encoding="utf-8"))  # link targets
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def raw_text(path: Path) -> str:
    """The document's text as a reader sees it, extracted without the parser."""
    if path.suffix == ".docx":
        return _docx_text(path)
    if path.suffix == ".html":
        return _html_body(path)
    if path.suffix == ".md":
        return _markdown_text(path)
    return path.read_text(encoding="utf-8")


def normalised_lines(path: Path) -> str:
    """NFC text with Markdown markers gone, one paragraph per line (for the naive regexes)."""
    if path.suffix == ".docx":
        root = lxml.etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
        text = "\n".join(
            "".join(t.text or "" for t in p.iter(_W + "t"))
            for p in root.iter(_W + "p")
            if not any(a.tag.endswith(("}Fallback", "}txbxContent")) for a in p.iterancestors())
        )
    elif path.suffix == ".html":
        text = "\n".join(" ".join(block.text_content().split()) for block in _html_blocks(path))
    elif path.suffix == ".md":
        text = re.sub(r"[*_#\\]", "", _markdown_text(path))
    else:
        text = path.read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", text).replace("Ð", "Đ")


def canonical(text: str) -> str:
    """Letters and digits only, case and diacritics folded: the text without layout or markup."""
    text = unicodedata.normalize("NFC", text).replace("Ð", "Đ").replace("ð", "đ")
    return "".join(c for c in fold(text) if c.isalnum())


def rebuilt(parsed) -> str:
    """Every node's keyword, number, title and text, in document order."""
    return "".join(KEYWORDS.get(n.kind, "") + n.number + n.title + n.text for n in parsed.walk())


def _agree(a: str, i: int, b: str, j: int) -> int:
    """The length of the common prefix of a[i:] and b[j:]."""
    n = min(len(a) - i, len(b) - j)
    k = 0
    while k < n and a[i + k : i + k + 4096] == b[j + k : j + k + 4096]:
        k += 4096
    lo, hi = max(0, k - 4096) if k else 0, min(k + 4096, n)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[i : i + mid] == b[j : j + mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def interleaving_error(source: str, tree: str, set_aside: list[str]) -> str | None:
    """None if ``source`` is ``tree`` with the ``set_aside`` pieces slotted in, in order; else where not."""
    i = j = 0
    for piece in filter(None, set_aside):
        k = _agree(source, i, tree, j)
        at = source.rfind(piece, i, i + k + len(piece))
        if at < 0:
            return f"set-aside {piece!r} is not where the texts part: source …{source[i + k - 40 : i + k + 40]}…"
        j += at - i
        i = at + len(piece)
    k = _agree(source, i, tree, j)
    if i + k == len(source) and j + k == len(tree):
        return None
    return f"texts part at source …{source[i + k - 60 : i + k + 60]}… tree …{tree[j + k - 60 : j + k + 60]}…"


@pytest.fixture(scope="module")
def parsed():
    cache = {}

    def get(name: str):
        if name not in cache:
            start = time.perf_counter()
            lines, _format = read_file(CORPUS / name)
            cache[name] = (lines, analyse(lines, name), time.perf_counter() - start)
        return cache[name]

    return get


def test_the_corpus_is_the_one_described():
    assert sorted(p.name for p in CORPUS.glob("[0-9]*")) == sorted([*EXPECTED, BROKEN])


@pytest.mark.parametrize("name", EXPECTED)
def test_naive_count_is_as_checked(name):
    text = normalised_lines(CORPUS / name)
    assert len(re.findall(r"(?m)^[ \t\"“]*Điều \d+", text)) == EXPECTED[name].naive_articles


@pytest.mark.parametrize("name", EXPECTED)
def test_articles_are_the_documents_own(name, parsed):
    _lines, analysis, _seconds = parsed(name)
    assert [a.number for a in analysis.draft.articles()] == EXPECTED[name].articles


@pytest.mark.parametrize("name", EXPECTED)
def test_divisions_are_found(name, parsed):
    _lines, analysis, _seconds = parsed(name)
    nodes = list(analysis.draft.walk())
    expect = EXPECTED[name]
    assert [n.number for n in nodes if n.kind == NodeKind.CHAPTER] == expect.chapters
    counts = analysis.draft.counts()
    assert (counts["section"], counts["part"]) == (expect.sections, expect.parts)


@pytest.mark.parametrize("name", EXPECTED)
def test_chapters_agree_with_a_line_count(name):
    text = normalised_lines(CORPUS / name)
    chapters = re.findall(r"(?m)^[ \t]*(?:Chương|CHƯƠNG) ([IVXLC]+|\d+)(?:[ \t]*\.?[ \t]*$|[ \t]+[A-ZĐ])", text)
    # 17's one "Chương I" is a sample in a table cell (one paragraph per cell in this count).
    samples = 1 if name.startswith("17_") else 0
    assert len(chapters) == len(EXPECTED[name].chapters) + samples


@pytest.mark.parametrize("name", EXPECTED)
def test_no_text_is_lost(name, parsed):
    """The tree holds the source text, less the print noise it sets aside, in order.

    Compared on letters and digits (case and diacritics folded), so layout and markup differ
    freely. Two levels: the reader's lines against the raw file (Word's automatic numbers are
    added by the reader, so digits are left out there), and the tree against the lines.
    """
    lines, analysis, _seconds = parsed(name)
    read = "".join(line.text for line in lines)
    raw, got = canonical(raw_text(CORPUS / name)), canonical(read)
    if name.endswith(".docx"):
        raw, got = re.sub(r"\d", "", raw), re.sub(r"\d", "", got)
    assert interleaving_error(raw, got, []) is None

    if name in SPELLING:
        read = read.replace(*SPELLING[name])
    error = interleaving_error(canonical(read), canonical(rebuilt(analysis.draft)), [canonical(p) for p in analysis.set_aside])
    assert error is None


@pytest.mark.parametrize("name", EXPECTED)
def test_only_print_noise_is_set_aside(name, parsed):
    _lines, analysis, _seconds = parsed(name)
    for piece in analysis.set_aside:
        assert re.match(r"^(CÔNG BÁO/Số .*/Ngày .*|\d{1,4}|(Ký bởi|Người ký|Email|Cơ quan|Thời gian ký|Ngày ký):.*)$", piece), piece


def test_footnote_marks_come_off_headings(parsed):
    _lines, analysis, _seconds = parsed("25_circular-consolidated_vbhn-04-VBHN-BYT_congbao.txt")
    article = analysis.draft.articles()[7]
    assert article.title == "Hiệu lực thi hành"
    assert "2" in analysis.set_aside
    # Its own clauses come after the footnote that quotes another circular's articles.
    assert [c.number for c in article.children] == ["1", "2"]


def test_docx_clause_numbers_come_from_word_numbering(parsed):
    _lines, analysis, _seconds = parsed("09_draft_du-thao-luat-tri-tue-nhan-tao-2025-12-01.docx")
    articles = {a.number: a for a in analysis.draft.articles()}
    clauses = {n: [c.number for c in a.children if c.kind == NodeKind.CLAUSE] for n, a in articles.items()}
    assert clauses["1"] == _seq(1, 3)  # numId 2, no number in the text
    assert clauses["3"] == _seq(1, 10)
    assert clauses["5"] == _seq(1, 8)
    assert clauses["5+"] == _seq(1, 2)  # level 2 of the same list: restarts under a new level-1 run
    assert clauses["7"] == _seq(1, 4)  # "1." typed, then Word's list starting at 2
    assert clauses["22"] == _seq(1, 7)  # the Markdown conversion lost these
    assert articles["1"].children[0].text.startswith("Luật này quy định về nghiên cứu")


def test_docx_and_markdown_of_one_draft_agree(parsed):
    docx = parsed("09_draft_du-thao-luat-tri-tue-nhan-tao-2025-12-01.docx")[1].draft
    markdown = parsed("10_draft_du-thao-luat-tri-tue-nhan-tao-2025-12-01.md")[1].draft
    assert [(a.number, a.title) for a in docx.articles()] == [(a.number, a.title) for a in markdown.articles()]
    assert (docx.title, docx.issuer, docx.number, docx.date) == (markdown.title, markdown.issuer, markdown.number, markdown.date)
    assert docx.title == "LUẬT TRÍ TUỆ NHÂN TẠO"
    assert docx.number == "/2025/QH15"  # the draft leaves the number blank
    assert docx.date == "2025-12-01"  # and the date: the "Dự thảo 01/12/2025" stamp dates it


@pytest.mark.parametrize(
    ("name", "issuer", "number", "date", "bases"),
    [
        ("02_law_luat-cu-tru-2020-68-2020-QH14.txt", "QUỐC HỘI", "68/2020/QH14", "2020-11-13", 1),
        ("13_law_luat-cong-nghe-thong-tin-2006_tvpl-page.html", "QUỐC HỘI", "67/2006/QH11", "2006-06-29", 1),
        ("18_decree_nghi-dinh-06-2021-ND-CP-quan-ly-chat-luong-xay-dung.md", "CHÍNH PHỦ", "06/2021/NĐ-CP", "2021-01-26", 8),
        ("20_decree_nghi-dinh-158-2025-ND-CP_congbao.txt", "CHÍNH PHỦ", "158/2025/NĐ-CP", "2025-06-25", 4),
        ("21_circular_thong-tu-28-2026-TT-BKHCN_congbao.txt", "BỘ KHOA HỌC VÀ CÔNG NGHỆ", "28/2026/TT-BKHCN", "2026-05-31", 6),
    ],
)
def test_preamble_facts(name, issuer, number, date, bases, parsed):
    draft = parsed(name)[1].draft
    assert (draft.issuer, draft.number, draft.date, len(draft.legal_bases)) == (issuer, number, date, bases)
    assert all(basis.startswith("Căn cứ") and not basis.endswith(";") for basis in draft.legal_bases)
    assert draft.nodes[0].kind == NodeKind.PREAMBLE


def test_wrapped_legal_bases_are_joined(parsed):
    draft = parsed("21_circular_thong-tu-28-2026-TT-BKHCN_congbao.txt")[1].draft
    assert (
        draft.legal_bases[1] == "Căn cứ Luật Chất lượng sản phẩm, hàng hóa số 05/2007/QH12 được sửa đổi, bổ sung bởi Luật số 78/2025/QH15"
    )


def test_appendix_samples_are_not_articles(parsed):
    draft = parsed("23_circular_thong-tu-02-2025-TT-BLDTBXH_congbao.txt")[1].draft
    appendices = [n for n in draft.nodes if n.kind == NodeKind.APPENDIX]
    assert [a.number for a in appendices] == ["I", "II", "III"]
    assert any("Điều tra thống kê hàng năm" in n.text for a in appendices for n in a.walk())


def test_broken_extraction_has_no_articles():
    i18n.set_language("en")
    with pytest.raises(DraftFormatError) as caught:
        parse_file(CORPUS / BROKEN)
    assert caught.value.code == "draft_format"
    assert str(caught.value).startswith("No articles found in 26_circular-BROKEN")


def test_the_biggest_file_parses_fast(parsed):
    name = "12_law_bo-luat-to-tung-hinh-su-2015_vbpl.html"
    parse_file(CORPUS / name)  # warm
    start = time.perf_counter()
    parse_file(CORPUS / name)
    assert time.perf_counter() - start < 2.0
