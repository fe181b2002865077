"""Reading each accepted format, and refusing the rest with one clear message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from kiosk import i18n
from kiosk.domain import NodeKind
from kiosk.drafts import DraftFormatError, parse_file, parse_text
from kiosk.drafts.docx_numbering import format_number
from kiosk.drafts.markdown import markdown_lines

BODY = "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n1. Quy chế này quy định việc họp chợ.\nĐiều 2. Hiệu lực\nCó hiệu lực."


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


def refusal(path: Path) -> str:
    with pytest.raises(DraftFormatError) as caught:
        parse_file(path)
    assert caught.value.code == "draft_format"
    message = str(caught.value)
    assert path.name in message and "\n" not in message
    return message


def test_plain_text(tmp_path):
    path = tmp_path / "du-thao.txt"
    path.write_text(BODY.replace("\n", "\r\n"), encoding="utf-8-sig")
    parsed = parse_file(path)
    assert [a.number for a in parsed.articles()] == ["1", "2"]
    assert parsed.nodes[0].children[0].title == "Phạm vi điều chỉnh"


def test_utf16_text(tmp_path):
    path = tmp_path / "du-thao.txt"
    path.write_bytes(BODY.encode("utf-16"))
    assert len(parse_file(path).articles()) == 2


def test_markdown_markup_is_stripped():
    lines = markdown_lines(
        "| **QUỐC HỘI** | **CỘNG HÒA**<br>**Độc lập** |\n| --- | --- |\n| Luật số: 1/2025 | _Hà Nội_ |\n\n"
        '**Chương I**\n\n## Điều 1\\. Phạm vi\n\n1\\. Khoản có [liên kết](https://example.vn/a"b) và _nghiêng_.\n\n'
        "- 2.  Khoản trong danh sách\n\n> &quot;Trích dẫn&quot;&nbsp;hết\n"
    )
    assert [(line.text, line.table) for line in lines] == [
        ("QUỐC HỘI | CỘNG HÒA Độc lập", True),
        ("Luật số: 1/2025 | Hà Nội", True),
        ("Chương I", False),
        ("Điều 1. Phạm vi", False),
        ("1. Khoản có liên kết và nghiêng.", False),
        ("2. Khoản trong danh sách", False),
        ('"Trích dẫn" hết', False),
    ]


def test_markdown_headings(tmp_path):
    path = tmp_path / "du-thao.md"
    path.write_text(
        "# Chương I NHỮNG QUY ĐỊNH CHUNG\n\n### Điều 1. Phạm vi\n\n1\\. Một.\n\n2\\. Hai.\n\n**Điều 2. Hiệu lực**\n\nCó hiệu lực.",
        encoding="utf-8",
    )
    parsed = parse_file(path)
    chapter = parsed.nodes[0]
    assert (chapter.number, chapter.title) == ("I", "NHỮNG QUY ĐỊNH CHUNG")
    assert [c.number for c in parsed.articles()[0].children] == ["1", "2"]
    assert parsed.articles()[1].title == "Hiệu lực"


PAGE = """<!DOCTYPE html><html><head><title>Luật</title><script>var x = "Điều 1. Không phải";</script></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/dieu-khoan">Điều khoản sử dụng</a></nav>
<div class="sidebar">Văn bản mới: Điều 7 Luật Đất đai</div>
<div id="main"><p align="center"><b>LUẬT</b></p><p align="center"><b>THỬ NGHIỆM</b></p>
<p><b>Chương <a name="c1"></a>I</b></p><p><b>QUY ĐỊNH CHUNG</b></p>
<p><strong>Điều <a name="d1"></a>1.</strong>
   <strong>Phạm vi
   điều chỉnh</strong></p>
<p>Luật này quy định
   việc thử nghiệm.</p>
<h3>Điều 2. Bảng</h3>
<table><tr><td>STT</td><td>Tên</td></tr><tr><td>1</td><td>Điều 1. Mẫu trong bảng</td></tr>
<tr><td colspan="2"><p>Ghi chú một ô.</p></td></tr></table>
<p style="display:none">Ẩn</p>
<p>Điều 3. Hiệu lực</p><p>Có hiệu lực.</p></div>
<footer>© Trang web. Điều khoản.</footer></body></html>"""


def test_a_saved_web_page_is_read_from_its_body(tmp_path):
    path = tmp_path / "luat.html"
    path.write_text(PAGE, encoding="utf-8")
    parsed = parse_file(path)
    assert [(a.number, a.title) for a in parsed.articles()] == [("1", "Phạm vi điều chỉnh"), ("2", "Bảng"), ("3", "Hiệu lực")]
    assert parsed.title == "LUẬT THỬ NGHIỆM"
    everything = "\n".join(f"{n.title}\n{n.text}" for n in parsed.walk())
    for outside in ("Trang chủ", "Văn bản mới", "Trang web", "Không phải", "Ẩn"):
        assert outside not in everything
    assert parsed.articles()[0].text == "Luật này quy định việc thử nghiệm."
    assert parsed.articles()[1].text == "STT | Tên\n1 | Điều 1. Mẫu trong bảng\nGhi chú một ô."


def test_the_vbpl_body_is_preferred(tmp_path):
    page = PAGE.replace('<div id="main">', '<div id="toanvancontent">').replace("<nav>", "<div><p>Điều 9. Menu</p></div><nav>")
    assert [a.number for a in parse_text(page, source_format="html").articles()] == ["1", "2", "3"]


def test_a_heading_split_after_its_keyword():
    page = "<html><body><div id='toanvancontent'><p><b>Điều</b><br>79. Trách nhiệm</p><p>Nội dung.</p></div></body></html>"
    assert [(a.number, a.title) for a in parse_text(page, source_format="html").articles()] == [("79", "Trách nhiệm")]


def _numbered(paragraph, num_id: int, level: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", level), ("w:numId", num_id)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), str(value))
        numpr.append(child)
    ppr.append(numpr)


def _restart(document, like: int, new: int) -> None:
    """Add list instance ``new``: the abstract list of ``like``, restarted at 1."""
    numbering = document.part.numbering_part.element
    abstract = numbering.xpath(f'w:num[@w:numId="{like}"]/w:abstractNumId/@w:val')[0]
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(new))
    child = OxmlElement("w:abstractNumId")
    child.set(qn("w:val"), abstract)
    num.append(child)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    numbering.append(num)


def test_word_automatic_numbering_becomes_clause_numbers(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "QUỐC HỘI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_paragraph("LUẬT")
    document.add_paragraph("THỬ NGHIỆM")
    document.add_paragraph("Điều 1. Phạm vi")
    for text in ("Một.", "Hai.", "Ba."):
        document.add_paragraph(text, style="List Number")  # numbered through the style
    document.add_paragraph("Điều 2. Đối tượng")
    _restart(document, 5, 99)
    for text in ("Một.", "Hai."):
        _numbered(document.add_paragraph(text), 99)  # numbered directly, restarted
    heading = document.add_paragraph("Điều 3. Bảng")
    moved = OxmlElement("w:moveFrom")  # tracked change: text moved away from here
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = " đã chuyển đi"
    run.append(text)
    moved.append(run)
    heading._p.append(moved)
    rows = document.add_table(rows=2, cols=2)
    for r, values in enumerate((("STT", "Tên"), ("1", "Chợ"))):
        for c, value in enumerate(values):
            rows.cell(r, c).text = value
    path = tmp_path / "du-thao.docx"
    document.save(path)

    parsed = parse_file(path)
    clauses = {a.number: [(c.number, c.text) for c in a.children] for a in parsed.articles()}
    assert clauses["1"] == [("1", "Một."), ("2", "Hai."), ("3", "Ba.")]
    assert clauses["2"] == [("1", "Một."), ("2", "Hai.")]
    assert (parsed.articles()[2].title, parsed.articles()[2].text) == ("Bảng", "STT | Tên\n1 | Chợ")
    assert (parsed.issuer, parsed.title) == ("QUỐC HỘI", "LUẬT THỬ NGHIỆM")


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [(3, "decimal", "3"), (3, "lowerLetter", "c"), (27, "lowerLetter", "aa"), (4, "upperRoman", "IV"), (7, "decimalZero", "07")],
)
def test_word_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_an_empty_file_is_refused(tmp_path):
    for name, data in (("empty.txt", b""), ("blank.md", b" \n\t\n"), ("empty.docx", b"")):
        path = tmp_path / name
        path.write_bytes(data)
        assert "empty" in refusal(path) and ".docx" in refusal(path)


def test_a_binary_file_is_refused(tmp_path):
    path = tmp_path / "anh.txt"
    path.write_bytes(bytes(range(256)) * 4)
    message = refusal(path)
    assert "not a text document" in message and ".txt, .md, .html, .docx" in message


def test_text_in_a_legacy_encoding_is_refused(tmp_path):
    path = tmp_path / "cu.txt"
    path.write_bytes("Ðiêu 1. Pham vi".encode("cp1252"))  # not UTF-8
    assert "UTF-8" in refusal(path)


@pytest.mark.parametrize(("name", "data"), [("du-thao.pdf", b"%PDF-1.7\n..."), ("du-thao.txt", b"%PDF-1.4\n...")])
def test_a_pdf_is_refused(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    message = refusal(path)
    assert "PDF" in message and ".txt, .md, .html, .docx" in message


@pytest.mark.parametrize(
    ("name", "data"), [("du-thao.doc", b"Some text"), ("du-thao.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)]
)
def test_an_old_word_file_is_refused(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    message = refusal(path)
    assert ".doc" in message and ".docx" in message


@pytest.mark.parametrize("name", ["du-thao.docx", "du-thao.txt", "bang.xlsx"])
def test_another_zip_is_refused(tmp_path, name):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    message = refusal(path)
    assert "not a Word .docx document" in message and ".txt, .md, .html, .docx" in message


def test_a_damaged_docx_is_refused(tmp_path):
    path = tmp_path / "hong.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<not xml")
    assert "damaged" in refusal(path)


def test_a_docx_that_is_text_is_refused(tmp_path):
    path = tmp_path / "du-thao.docx"
    path.write_text(BODY, encoding="utf-8")
    assert "not a Word .docx document" in refusal(path)


def test_a_missing_file(tmp_path):
    assert "Cannot open" in refusal(tmp_path / "khong-co.txt")


def test_parse_text_formats():
    assert len(parse_text(BODY).articles()) == 2
    with pytest.raises(DraftFormatError):
        parse_text(BODY, source_format="docx")
    with pytest.raises(DraftFormatError):
        parse_text(BODY, source_format="pdf")


def test_a_file_without_articles(tmp_path):
    path = tmp_path / "trong.txt"
    path.write_text("CÔNG BÁO/Số 1117 + 1118/Ngày 01-9-2025\n18\nBỘ QUỐC PHÒNG\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n", encoding="utf-8")
    assert refusal(path).startswith("No articles found in trong.txt")


def test_appendix_kind_is_kept(tmp_path):
    path = tmp_path / "phu-luc.txt"
    path.write_text("Phụ lục I\nMẪU BÁO CÁO\nNội dung mẫu.", encoding="utf-8")
    assert [n.kind for n in parse_file(path).nodes] == [NodeKind.APPENDIX]
