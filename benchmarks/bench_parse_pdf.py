"""Parsing a PDF draft (../shared/corpus-formats/27): time per 100 articles, against pdftotext alone on the same file."""

from __future__ import annotations

import shutil
import statistics
import subprocess
from pathlib import Path

from benchmarks.harness import Figure, median_ms
from kiosk.drafts import parse_file

PDF = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "corpus-formats"
    / "27_draft_du-thao-luat-tri-tue-nhan-tao-2025-12-01_word-export.pdf"
)
RUNS = 9
FIGURE = "PDF parse time per 100 articles"


def bench_parse_pdf() -> list[Figure]:
    """The whole parse of a 27-page Word export, per 100 articles, against only extracting its text.

    The baseline is the same pdftotext call the reader makes (``-layout``, UTF-8, to a pipe):
    what is left of the ratio is our own work (page furniture, header columns, structure).
    """
    pdftotext = shutil.which("pdftotext")
    if not PDF.is_file() or pdftotext is None:
        print(f"bench_parse_pdf: needs {PDF} and poppler's pdftotext")
        return []
    articles = len(parse_file(PDF).articles())  # also the warm-up: imports, page cache

    def extract() -> None:
        subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", "-q", str(PDF), "-"], capture_output=True, check=True)

    per_100 = 100 / articles
    # Interleaved, one of each per round: the two medians then see the same load on a shared machine.
    parse_runs, extract_runs = [], []
    for _ in range(RUNS):
        parse_runs.append(median_ms(lambda: parse_file(PDF), 1, warmup=0))
        extract_runs.append(median_ms(extract, 1, warmup=0))
    parse_ms = statistics.median(parse_runs) * per_100
    extract_ms = statistics.median(extract_runs) * per_100
    note = f"27 pages, {articles} articles; baseline: pdftotext -layout alone on the same file"
    return [Figure(FIGURE, parse_ms, extract_ms, "ms", "≤ 2×", note)]
