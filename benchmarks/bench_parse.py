"""Parsing the real documents of ../shared/corpus: time per 100 articles, median of several runs."""

from __future__ import annotations

from pathlib import Path

from benchmarks.harness import Figure, median_ms
from kiosk.drafts import DraftFormatError, parse_file
from kiosk.drafts.readers import read_file

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
RUNS = 5
FIGURE = "parse time per 100 articles"


def _documents() -> list[Path]:
    """The corpus documents that parse (the broken extraction, 26, is refused by design)."""
    documents = []
    for path in sorted(CORPUS.glob("[0-9]*")):
        try:
            parse_file(path)
        except DraftFormatError:
            continue
        documents.append(path)
    return documents


def bench_parse() -> list[Figure]:
    """Parsing every corpus document, per 100 articles, against only reading the same files into lines.

    The baseline is the parser's own reading stage (decoding, HTML/Markdown/docx
    extraction, NFC): what is left of the ratio is the structure itself.
    """
    if not CORPUS.is_dir():
        print(f"bench_parse: corpus not found at {CORPUS}")
        return []
    documents = _documents()
    articles = sum(len(parse_file(path).articles()) for path in documents)

    def parse_all() -> None:
        for path in documents:
            parse_file(path)

    def read_all() -> None:
        for path in documents:
            read_file(path)

    per_100 = 100 / articles
    parse_ms = median_ms(parse_all, RUNS, warmup=1) * per_100
    read_ms = median_ms(read_all, RUNS, warmup=1) * per_100
    note = f"{len(documents)} corpus documents, {articles} articles; baseline: reading them into lines"
    return [Figure(FIGURE, parse_ms, read_ms, "ms", "≤ 3×", note)]
