"""Parsing the real documents of ../shared/corpus: time per 100 articles, median of several runs."""

from __future__ import annotations

from pathlib import Path

from benchmarks.harness import median_ms
from kiosk.drafts import DraftFormatError, parse_file

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


def bench_parse() -> dict:
    """{"figure", "ours_ms", …}: the median time to parse every corpus document, per 100 articles."""
    if not CORPUS.is_dir():
        return {"figure": FIGURE, "ours_ms": None, "note": f"corpus not found at {CORPUS}"}
    documents = _documents()
    articles = sum(len(parse_file(path).articles()) for path in documents)

    def parse_all() -> None:
        for path in documents:
            parse_file(path)

    total_ms = median_ms(parse_all, RUNS, warmup=1)
    return {
        "figure": FIGURE,
        "ours_ms": total_ms * 100 / articles,
        "total_ms": total_ms,
        "documents": len(documents),
        "articles": articles,
        "runs": RUNS,
    }
