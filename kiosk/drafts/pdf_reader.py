"""A PDF with a text layer to lines, through poppler's ``pdftotext``.

Why pdftotext and not a Python PDF library: poppler is a well-kept reader that
Debian ships (poppler-utils, already needed by the tests), and it runs in its
own process, so a hostile PDF cannot take the kiosk down with it. Its layout
mode keeps a wrapped heading's second line after the heading (the reading-order
mode moves it above when the heading is centred), and keeps the columns of the
header block side by side on each line; the block is then read column by
column here ("QUỐC HỘI", "Luật số: …" before "CỘNG HÒA …", "Hà Nội, ngày …").

What a page carries besides the text is removed here: page numbers and
running headers or footers, i.e. lines at the top or bottom of a page that
repeat (digits aside) on at least half the pages. A PDF without text (a scan) is refused:
the parser would otherwise find nothing, or only the stamp of a scanner.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from kiosk.drafts.errors import DraftFormatError
from kiosk.drafts.lines import Line, normalise, squeeze
from kiosk.i18n import _

# Generous: 132 pages take under a second here; a PDF that takes a minute is not a draft.
_TIMEOUT_SECONDS = 60
# "3", "- 3 -", "Trang 3", "3/27", "Trang 3 / 27": what a page number looks like.
_PAGE_NUMBER = re.compile(r"^(?:(?:trang|page)\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*/\s*\d{1,4})?$", re.IGNORECASE)
_SEGMENT = re.compile(r"\S+(?: {1,2}\S+)*")
# Where the header block ends: the first heading or legal basis.
_BODY_START = re.compile(r"^(Căn cứ|Chương|CHƯƠNG|Điều|ĐIỀU|Phần|PHẦN)\b")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_EDGE_LINES = 2  # how many lines at each end of a page may be a header or footer
# A heading, clause or point: text, whatever repeats.
_TEXT_START = re.compile(r"^(?:[ĐÐ]iều|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|\d{1,3}[.)]\s|[a-zđ]\)\s)")
# Below this many letters per page on average, the "text" is a scanner's stamp, not a document.
_MIN_LETTERS_PER_PAGE = 40


def _pdftotext(path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise DraftFormatError(
            _(
                "{name} is a PDF, and reading a PDF needs poppler's pdftotext (Debian package poppler-utils), which is not installed."
            ).format(name=path.name)
        )
    try:
        done = subprocess.run(
            [exe, "-layout", "-enc", "UTF-8", "-q", str(path), "-"],
            capture_output=True,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise DraftFormatError(
            _("{name}: reading the PDF took too long; save the draft as .docx and import that file.").format(name=path.name)
        ) from exc
    if done.returncode != 0:
        raise DraftFormatError(
            _("{name} is a damaged PDF that cannot be read. Save the draft as {formats} and import that file.").format(
                name=path.name, formats=".txt, .md, .html, .docx"
            )
        )
    return done.stdout.decode("utf-8", errors="replace")


def _edge_key(text: str) -> str:
    """A line with its digits blanked: "CÔNG BÁO/Số 851/Ngày …" is the same header on every page."""
    return re.sub(r"\d+", "#", text)


def _edges(page: list[str]) -> list[int]:
    """Indexes of the lines at the top and bottom of a page where headers and footers stand."""
    n = len(page)
    return sorted({*range(min(_EDGE_LINES, n)), *range(max(0, n - _EDGE_LINES), n)})


def page_texts(text: str) -> list[list[str]]:
    """The non-blank lines of each page as laid out (pdftotext ends each page with a form feed)."""
    pages = text.split("\f")  # split before normalise(), which drops control characters
    if pages and not pages[-1].strip():
        pages.pop()
    return [[raw.rstrip() for raw in normalise(page).split("\n") if raw.strip()] for page in pages]


def strip_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Every page's lines, page numbers and running headers and footers removed.

    A running header or footer repeats (digits aside) at the top or bottom of at
    least half the pages. Lines are taken off a page from its edges inwards and
    only while they are furniture, so a line inside the text is never touched;
    a line that reads like a heading, clause or point ("Điều 5.", "1.", "a)")
    is text even when it happens to repeat.
    """
    repeats: Counter[str] = Counter()
    for page in pages:
        repeats.update({_edge_key(squeeze(page[i])) for i in _edges(page)})
    # A header is on most pages; a real line that happens to open two pages is not.
    running = {key for key, count in repeats.items() if len(pages) >= 3 and count * 2 >= len(pages)}

    def furniture(raw: str) -> bool:
        text = squeeze(raw)
        if _PAGE_NUMBER.match(text):
            return True
        return _edge_key(text) in running and not _TEXT_START.match(text)

    out = []
    for page in pages:
        top, bottom = 0, len(page)
        while top < min(bottom, _EDGE_LINES) and furniture(page[top]):
            top += 1
        while bottom > max(top, len(page) - _EDGE_LINES) and furniture(page[bottom - 1]):
            bottom -= 1
        out.append(page[top:bottom])
    return out


def _segments(raw: str) -> list[tuple[int, str]]:
    """The pieces of a laid-out line that stand apart (three spaces or more), with their columns."""
    return [(m.start(), m.group()) for m in _SEGMENT.finditer(raw)]


def unfold_header_columns(lines: list[str]) -> list[str]:
    """The header block of a first page read column by column, the rest of the lines squeezed.

    An official document opens with two columns (the issuer, its number, on the
    left; the national motto, the place and date, on the right), laid out on
    shared lines. The block runs from the first to the last line, before the
    first heading or legal basis, that has text in both columns; the right
    column starts where the second piece of such a line starts, at the leftmost.
    """
    body_at = next((i for i, raw in enumerate(lines) if _BODY_START.match(raw.strip())), len(lines))
    shared = [i for i in range(body_at) if len(_segments(lines[i])) > 1]
    if len(shared) < 2:
        return [squeeze(raw) for raw in lines]
    split = min(_segments(lines[i])[1][0] for i in shared)
    left: list[str] = []
    right: list[str] = []
    for raw in lines[shared[0] : shared[-1] + 1]:
        pieces = _segments(raw)
        for column, keep in ((left, [p for x, p in pieces if x < split]), (right, [p for x, p in pieces if x >= split])):
            if keep:
                column.append(squeeze(" ".join(keep)))
    before = [squeeze(raw) for raw in lines[: shared[0]]]
    after = [squeeze(raw) for raw in lines[shared[-1] + 1 :]]
    return before + left + right + after


def pdf_lines(path: Path) -> list[Line]:
    """The body lines of a PDF with a text layer; DraftFormatError for a scan or a damaged file."""
    pages = page_texts(_pdftotext(path))
    letters = sum(len(_NOT_LETTERS.sub("", raw)) for page in pages for raw in page)
    if letters < _MIN_LETTERS_PER_PAGE * max(1, len(pages)):
        raise DraftFormatError(
            _("{name} is a scanned PDF with no text in it: import the original file (.docx or .doc) or a copy made by OCR.").format(
                name=path.name
            )
        )
    pages = strip_page_furniture(pages)
    texts = unfold_header_columns(pages[0]) if pages else []
    texts += [squeeze(raw) for page in pages[1:] for raw in page]
    return [Line(text) for text in texts if text]
