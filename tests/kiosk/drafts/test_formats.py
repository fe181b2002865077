"""Drafts as they reach a centre: PDF exported from Word, legacy .doc/.rtf, scans (../shared/corpus-formats).

Expected structures are derived here without the parser: file 27 against the
parse of the same draft as .docx and Markdown (corpus 09 and 10, themselves
checked by line counts in test_corpus.py); file 28 against a line count of
LibreOffice's own plain-text export.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from kiosk import i18n
from kiosk.domain import NodeKind
from kiosk.drafts import DraftFormatError, parse_file
from kiosk.drafts.pdf_reader import strip_page_furniture, unfold_header_columns

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
FORMATS = SHARED / "corpus-formats"
CORPUS = SHARED / "corpus"
PDF_27 = FORMATS / "27_draft_du-thao-luat-tri-tue-nhan-tao-2025-12-01_word-export.pdf"
DOC_28 = FORMATS / "28_law-consolidated_vbhn-31-VPQH-luat-xu-ly-vi-pham-hanh-chinh.doc"
SCAN_29 = FORMATS / "29_draft-SCANNED-no-text-layer_du-thao-luat-tri-tue-nhan-tao-trang-1-2.pdf"
DOCX_09 = CORPUS / "09_draft_du-thao-luat-tri-tue-nhan-tao-2025-12-01.docx"
MD_10 = CORPUS / "10_draft_du-thao-luat-tri-tue-nhan-tao-2025-12-01.md"

needs_formats = pytest.mark.skipif(not FORMATS.is_dir(), reason="../shared/corpus-formats is not checked out beside the repo")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


def refusal(path: Path) -> str:
    with pytest.raises(DraftFormatError) as caught:
        parse_file(path)
    message = str(caught.value)
    assert path.name in message and "\n" not in message
    return message


def structure(draft) -> tuple[list, list, list]:
    articles = [(a.number, a.title) for a in draft.articles()]
    chapters = [(n.number, n.title) for n in draft.walk() if n.kind == NodeKind.CHAPTER]
    clauses = [[c.number for c in a.children if c.kind == NodeKind.CLAUSE] for a in draft.articles()]
    return articles, chapters, clauses


# -- 27: the PDF a word processor exports ------------------------------------------------


@pytest.fixture(scope="module")
def pdf_27():
    if not (FORMATS.is_dir() and CORPUS.is_dir()) or shutil.which("pdftotext") is None:
        pytest.skip("needs ../shared/corpus, ../shared/corpus-formats and pdftotext")
    return parse_file(PDF_27)


def test_the_pdf_export_has_the_structure_of_the_docx_and_the_markdown(pdf_27):
    docx, markdown = parse_file(DOCX_09), parse_file(MD_10)
    articles, chapters, clauses = structure(pdf_27)
    assert len(articles) == 36 and [n for n, _t in articles][5] == "5+"
    assert len(chapters) == 8
    assert (articles, chapters) == structure(docx)[:2] == structure(markdown)[:2]
    # Word's automatic clause numbers are text in the PDF: the same clauses as the .docx reads them.
    assert clauses == structure(docx)[2]
    assert pdf_27.warnings == ()


def test_the_pdf_header_block_is_read_column_by_column(pdf_27):
    docx = parse_file(DOCX_09)
    assert (pdf_27.title, pdf_27.issuer, pdf_27.number, pdf_27.date) == (docx.title, docx.issuer, docx.number, docx.date)
    assert pdf_27.title == "LUẬT TRÍ TUỆ NHÂN TẠO" and pdf_27.date == "2025-12-01"


def test_page_numbers_are_gone_from_the_pdf_text(pdf_27):
    for node in pdf_27.walk():
        assert not any(re.fullmatch(r"\d{1,3}", line.strip()) for line in node.text.split("\n")), node.number
    # The article whose page broke mid-sentence reads on across the break (page 2 → 3).
    definitions = pdf_27.articles()[2]
    assert any("quan trọng" in c.text and "tài sản, an ninh mạng" in c.text for c in definitions.children)


# -- 29: a scan ------------------------------------------------------------------------------


@needs_formats
@needs_poppler
def test_a_scanned_pdf_is_refused_in_one_line():
    message = refusal(SCAN_29)
    assert "scanned" in message and "OCR" in message and "original" in message


# -- 28: a legacy Word 97-2003 file ----------------------------------------------------------


def _libreoffice_text(path: Path, workdir: Path) -> list[str]:
    """The document's paragraphs as LibreOffice exports them to plain text: no code of ours involved."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless", "--convert-to", "txt:Text (encoded):UTF8",
         "--outdir", str(workdir), str(path)],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    text = (workdir / f"{path.stem}.txt").read_text(encoding="utf-8-sig")
    return [line.strip() for line in unicodedata.normalize("NFC", text).replace("Ð", "Đ").splitlines()]


@needs_formats
@needs_libreoffice
def test_a_legacy_doc_is_read_through_libreoffice(tmp_path):
    paragraphs = _libreoffice_text(DOC_28, tmp_path)
    expected_articles = [m.group(1) for p in paragraphs if (m := re.match(r"^Điều (\d+[a-z]?)\.", p))]
    expected_chapters = [p for p in paragraphs if re.fullmatch(r"Chương [IVXLC]+", p)]
    expected_parts = [p for p in paragraphs if re.fullmatch(r"Phần thứ \w+", p)]
    expected_sections = [p for p in paragraphs if re.fullmatch(r"Mục \d+", p)]
    assert len(expected_articles) >= 140 and "43a" in expected_articles

    draft = parse_file(DOC_28)
    articles = [a.number for a in draft.articles()]
    counts = draft.counts()
    # Every article the plain export shows starts an article of the tree, in order; the tree may
    # hold a few more whose heading LibreOffice's text export splits differently (none fewer).
    assert set(expected_articles) <= set(articles) and articles == sorted(articles, key=_number_key)
    assert len(articles) - len(expected_articles) <= 2
    assert (counts["chapter"], counts["part"], counts["section"]) == (len(expected_chapters), len(expected_parts), len(expected_sections))
    assert draft.title.startswith("LUẬT XỬ LÝ VI PHẠM HÀNH CHÍNH")
    # The consolidation repeats "Phần thứ hai / Chương III" over its Mục 2: reported for a person to check.
    assert [(w.kind, w.number) for w in draft.warnings] == [(NodeKind.CHAPTER, "III")]


def _number_key(number: str) -> tuple[int, str]:
    m = re.match(r"(\d+)(.*)", number)
    assert m
    return int(m.group(1)), m.group(2)


@needs_formats
def test_a_legacy_doc_without_libreoffice_is_refused_in_one_line(tmp_path, monkeypatch):
    # A PATH that holds everything the parser may call except LibreOffice.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if shutil.which("pdftotext"):
        os.symlink(shutil.which("pdftotext"), bin_dir / "pdftotext")
    monkeypatch.setenv("PATH", str(bin_dir))
    message = refusal(DOC_28)
    assert "LibreOffice" in message and "libreoffice-writer-nogui" in message and ".docx" in message


def _rtf(text: str) -> bytes:
    """An RTF document of ``text``'s lines, its Vietnamese letters written as RTF Unicode escapes."""
    body = "\\par\n".join(
        "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in line) for line in text.split("\n")
    )
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + body + "\\par\n}").encode("ascii")


@needs_libreoffice
def test_an_rtf_file_is_read_through_libreoffice(tmp_path):
    path = tmp_path / "du-thao.rtf"
    path.write_bytes(
        _rtf("QUY CHẾ\nQuản lý chợ xã\nĐiều 1. Phạm vi điều chỉnh\n1. Quy chế này quy định việc họp chợ.\nĐiều 2. Hiệu lực\nCó hiệu lực.")
    )
    draft = parse_file(path)
    assert [(a.number, a.title) for a in draft.articles()] == [("1", "Phạm vi điều chỉnh"), ("2", "Hiệu lực")]
    assert draft.articles()[0].children[0].text == "Quy chế này quy định việc họp chợ."


@needs_libreoffice
def test_a_damaged_doc_is_refused_in_one_line(tmp_path):
    path = tmp_path / "hong.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "could not be converted" in refusal(path)


def test_a_pdf_without_pdftotext_names_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "du-thao.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert "poppler-utils" in refusal(path)


# -- the page furniture rules, on pages written here ----------------------------------------


def test_running_headers_footers_and_page_numbers_are_removed():
    words = ["Một", "Hai", "Ba", "Bốn"]
    body = [[f"Khoản {word} của văn bản.", f"{word} tiếp theo."] for word in words]
    pages = [["CÔNG BÁO/Số 12 + 13/Ngày 05-01-2026", *lines, f"Trang {n}/4"] for n, lines in enumerate(body, 1)]
    pages[1].insert(1, "- 7 -")  # a page number under a header, still an edge line
    assert strip_page_furniture(pages) == body


def test_a_line_that_opens_two_pages_of_ten_is_not_a_header():
    pages = [[f"Nội dung {n}.", "Giữa trang."] for n in range(10)]
    pages[3][0] = pages[7][0] = "Điều 5. Trách nhiệm"
    assert strip_page_furniture(pages)[3][0] == "Điều 5. Trách nhiệm"


def test_the_header_block_columns_are_unfolded():
    laid_out = [
        "  ỦY BAN NHÂN DÂN         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "    XÃ AN PHÚ                 Độc lập - Tự do - Hạnh phúc",
        "Số: 12/QĐ-UBND            An Phú, ngày   05 tháng  01  năm 2026",
        "                 QUYẾT ĐỊNH",
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Điều 1. Ban hành    kèm theo",
    ]
    assert unfold_header_columns(laid_out) == [
        "ỦY BAN NHÂN DÂN",
        "XÃ AN PHÚ",
        "Số: 12/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "An Phú, ngày 05 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Điều 1. Ban hành kèm theo",
    ]


# -- a PDF made here: running header and footer on every page, two-column header block ------------


def _regulation_pdf(path: Path) -> list[tuple[str, str]]:
    """A 4-page regulation laid out as offices print one; returns its (article, title) pairs."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from kiosk.receipts.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    articles = [(str(n), f"Trách nhiệm của tổ {n}") for n in range(1, 9)]
    sentence = "Tổ trưởng giữ gìn vệ sinh, trật tự của khu vực được giao."
    body: list[tuple[str, str]] = []
    for number, title in articles:
        body.append((BOLD, f"Điều {number}. {title}"))
        body += [(REGULAR, f"{k}. {sentence}") for k in (1, 2, 3)]
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    per_page = 9
    pages = [body[i : i + per_page] for i in range(0, len(body), per_page)]
    for page_number, lines in enumerate(pages, 1):
        y = height - 40
        pdf.setFont(REGULAR, 9)
        pdf.drawCentredString(width / 2, y, "QUY CHẾ QUẢN LÝ CHỢ XÃ AN PHÚ")  # the running header
        y -= 30
        if page_number == 1:
            for left, right in (
                ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                ("XÃ AN PHÚ", "Độc lập - Tự do - Hạnh phúc"),
                ("Số: 12/QĐ-UBND", "An Phú, ngày 05 tháng 01 năm 2026"),
            ):
                pdf.setFont(BOLD, 11)
                pdf.drawString(60, y, left)
                pdf.drawString(300, y, right)
                y -= 18
            for text in ("QUY CHẾ", "Quản lý chợ xã"):
                pdf.drawCentredString(width / 2, y - 10, text)
                y -= 18
            y -= 20
        for font, text in lines:
            pdf.setFont(font, 11)
            pdf.drawString(60, y, text)
            y -= 20
        pdf.setFont(REGULAR, 9)
        pdf.drawCentredString(width / 2, 30, f"Trang {page_number}/{len(pages)}")  # the running footer
        pdf.showPage()
    pdf.save()
    return articles


@needs_poppler
def test_a_pdf_with_running_header_footer_and_header_columns(tmp_path):
    path = tmp_path / "quy-che.pdf"
    articles = _regulation_pdf(path)
    draft = parse_file(path)
    assert [(a.number, a.title) for a in draft.articles()] == articles
    assert all([c.number for c in a.children] == ["1", "2", "3"] for a in draft.articles())
    assert (draft.issuer, draft.number, draft.date, draft.title) == (
        "ỦY BAN NHÂN DÂN",
        "12/QĐ-UBND",
        "2026-01-05",
        "QUY CHẾ Quản lý chợ xã",
    )
    everything = "\n".join(f"{n.title}\n{n.text}" for n in draft.walk())
    assert "QUY CHẾ QUẢN LÝ CHỢ XÃ AN PHÚ" not in everything and "Trang " not in everything
    assert draft.warnings == ()


@pytest.mark.parametrize("name", ["du-thao.odt", "du-thao.docx", "du-thao"])
def test_an_opendocument_text_goes_to_libreoffice_whatever_its_name(tmp_path, monkeypatch, name):
    import zipfile

    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")  # stored, first
        archive.writestr("content.xml", "<office:document-content/>")
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice: the one message says what to install
    assert "libreoffice-writer-nogui" in refusal(path)


@needs_formats
@needs_libreoffice
def test_a_conversion_that_hangs_is_stopped_and_refused_in_one_line(monkeypatch):
    from kiosk.drafts import office_convert

    monkeypatch.setattr(office_convert, "_TIMEOUT_SECONDS", 0.2)
    assert "took too long" in refusal(DOC_28)
