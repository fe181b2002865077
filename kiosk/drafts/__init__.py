"""Vietnamese legal documents (drafts, laws, decrees, circulars) read into a tree of nodes.

    parsed = parse_file(Path("du-thao.docx"))
    parsed.articles(), parsed.counts(), parsed.warnings, outline(parsed), to_json(parsed)

Accepts .txt, .md, .html (saved pages included) and .docx; a PDF with a text
layer (poppler's pdftotext); .doc, .rtf and .odt through LibreOffice headless
when it is installed. Anything else, a scanned PDF, or a document without a
single article, is a DraftFormatError. What the parser could not settle
(numbering that skips, repeats or goes back; a line that looks like an article
heading but was read as text; articles mentioned but none found) is in
``parsed.warnings`` for a person to check before the draft is published.
"""

from kiosk.drafts.errors import DraftFormatError
from kiosk.drafts.model import ParsedDraft
from kiosk.drafts.outline import outline, to_json
from kiosk.drafts.parse import parse_file, parse_text
from kiosk.drafts.parse_warnings import ParseWarning, WarningCode

__all__ = ["DraftFormatError", "ParseWarning", "ParsedDraft", "WarningCode", "outline", "parse_file", "parse_text", "to_json"]
