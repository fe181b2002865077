"""Which reader a file needs, decided by its content first and its name second."""

from __future__ import annotations

import codecs
import tempfile
import zipfile
from pathlib import Path

from kiosk.drafts.docx_reader import docx_lines
from kiosk.drafts.errors import DraftFormatError
from kiosk.drafts.html_body import html_lines
from kiosk.drafts.lines import Line, text_lines
from kiosk.drafts.markdown import markdown_lines
from kiosk.drafts.office_convert import convert_to_docx
from kiosk.drafts.pdf_reader import pdf_lines
from kiosk.i18n import _
from kiosk.safe_files import ZIP_ERRORS, check_office_zip, check_size

FORMATS = ("txt", "md", "html", "docx")  # what parse_text and the readers name; files may also be pdf, doc, rtf, odt
_MARKDOWN_SUFFIXES = {".md", ".markdown"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls: Office 97–2003 compound files
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _refuse(message: str, path: Path) -> DraftFormatError:
    return DraftFormatError(message.format(name=path.name, formats=".txt, .md, .html, .docx"))


def _decode(data: bytes) -> str | None:
    """The text of ``data`` if it is UTF-8 or UTF-16 (with its BOM) text, else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head or "<body" in head


def lines_from_text(text: str, source_format: str) -> list[Line]:
    """The body lines of ``text`` written in ``source_format`` ("txt", "md" or "html")."""
    if source_format == "html":
        return html_lines(text)
    if source_format == "md":
        return markdown_lines(text)
    return text_lines(text)


def read_file(path: Path) -> tuple[list[Line], str]:
    """The body lines of the draft at ``path`` and its format; DraftFormatError for what cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        check_size(path)
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise DraftFormatError(_("Cannot open {name}: {reason}.").format(name=path.name, reason=reason)) from exc
    if not data.strip():
        raise _refuse(_("{name} is empty. A draft must be a {formats} file with the text of the draft."), path)
    if data.startswith(b"%PDF") or suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            raise _refuse(_("{name} is not a PDF document (it may be damaged). Save the draft as {formats} and import that file."), path)
        return pdf_lines(path), "pdf"
    # Converted by what the bytes are, not by the name: a ".doc" that is really text or a web
    # page is read below as such, and random bytes never start LibreOffice.
    if data.startswith(_OLE):
        return _read_converted(path), "doc"
    if data.startswith(b"{\\rtf"):
        return _read_converted(path), "rtf"
    if _is_odt(data):
        return _read_converted(path), "odt"
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return _read_docx(path, data), "docx"
    text = _decode(data)
    if text is None:
        raise _refuse(_("{name} is not a text document the kiosk can read. Save the draft as {formats} (UTF-8)."), path)
    if suffix in _HTML_SUFFIXES or (suffix not in _MARKDOWN_SUFFIXES and _looks_like_html(text)):
        return html_lines(text), "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return markdown_lines(text), "md"
    return text_lines(text), "txt"


def _read_docx(path: Path, data: bytes) -> list[Line]:
    is_word = False
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                is_word = "word/document.xml" in archive.namelist()
        except ZIP_ERRORS:
            pass  # refused below, as any file that is not a Word document
    if not is_word:
        raise _refuse(_("{name} is not a Word .docx document (it may be another kind of archive). Use a {formats} file."), path)
    check_office_zip(path)  # before python-docx inflates anything
    try:
        return docx_lines(path)
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise _refuse(_("{name} is a damaged Word document that cannot be read. Save it again as {formats}."), path) from exc


def _is_odt(data: bytes) -> bool:
    """An OpenDocument text: a ZIP whose first member is its mimetype, stored uncompressed."""
    return data.startswith(b"PK\x03\x04") and _ODT_MIMETYPE in data[:200]


def _read_converted(path: Path) -> list[Line]:
    """A .doc, .rtf or .odt read through its .docx conversion (LibreOffice), in a folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="gopy-convert-") as workdir:
        converted = convert_to_docx(path, Path(workdir))
        check_office_zip(converted)
        try:
            return docx_lines(converted)
        except Exception as exc:  # python-docx raises many kinds for a damaged package
            raise _refuse(_("{name} could not be read after conversion. Save it as .docx in Word, or as {formats}."), path) from exc
