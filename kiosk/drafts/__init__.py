"""Vietnamese legal documents (drafts, laws, decrees, circulars) read into a tree of nodes.

    parsed = parse_file(Path("du-thao.docx"))
    parsed.articles(), parsed.counts(), outline(parsed), to_json(parsed)

Accepts .txt, .md, .html (saved pages included) and .docx; anything else,
or a document without a single article, is a DraftFormatError.
"""

from kiosk.drafts.errors import DraftFormatError
from kiosk.drafts.model import ParsedDraft
from kiosk.drafts.outline import outline, to_json
from kiosk.drafts.parse import parse_file, parse_text

__all__ = ["DraftFormatError", "ParsedDraft", "outline", "parse_file", "parse_text", "to_json"]
