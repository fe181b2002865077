"""The whole round trip through the command line only, with 1,000 paper forms.

central init → enrol → kiosk setup → publish → package → import (the world
fixture) → import-paper → export-batch → central ingest → report → ingest
again → package → import-package → export-batch (empty) → respond →
package → import-package → the response shows for its receipt code.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

import openpyxl
import pytest

from kiosk.receipt_code import group
from kiosk.receipt_status import Progress, check_receipt
from kiosk.storage.db import open_store
from tests.sync.helpers import (
    ARTICLE_COLUMN,
    CODE,
    COMMENT_COLUMN,
    KIOSK,
    NODE_COLUMN,
    SEQ_COLUMN,
    dump,
    paper_csv,
    query,
    report_comments,
)

pytestmark = pytest.mark.centre

N = 1000


def _csv_blocks(path) -> dict[str, list[list[str]]]:
    """The report's CSV blocks by their order: title, then (name, header, rows) per section."""
    text = path.read_bytes().decode("utf-8-sig")
    blocks, current = [], None
    for row in csv.reader(io.StringIO(text)):
        if not row:
            current = []
            blocks.append(current)
        elif current is not None:
            current.append(row)
    return {"articles": blocks[0], "questions": blocks[1], "comments": blocks[2]}


def test_a_thousand_paper_forms_reach_the_centre_once_and_the_answer_comes_back(world):
    forms = paper_csv(world.root / "forms.csv", N)
    world.kiosk_cmd("import-paper", world.root / "forms.csv")
    assert query(world.kiosk_db, "SELECT count(*), min(seq), max(seq) FROM events WHERE kind = 'submission'") == [(N, 1, N)]

    usb = world.root / "usb"
    batches = world.export(usb)
    assert [b.name for b in batches] == ["GOPY-K1-e1-b1.zip"]
    assert {p.name for p in usb.iterdir()} == {"GOPY-K1-e1-b1.zip"}  # no .partial left behind
    assert query(world.kiosk_db, "SELECT state, count(*) FROM events GROUP BY state") == [("exported", N)]

    [applied] = world.ingest(batches[0])
    assert (applied["outcome"], applied["new_events"], applied["hwm"]) == ("applied", N, N)

    # The report counts exactly the thousand, per article and stance.
    report = world.root / "report.csv"
    world.central("report", "--consultation", CODE, "--out", report)
    blocks = _csv_blocks(report)
    articles = {row[0]: [int(v) for v in row[2:]] for row in blocks["articles"][2:]}
    expected = Counter((f"article:{a.split()[-1]}", s) for a, s in forms)
    stances = ("đồng ý", "không đồng ý", "ý kiến khác")
    keys = ("article:1", "article:2", "article:3")
    assert articles == {key: [expected[(key, s)] for s in stances] + [sum(expected[(key, s)] for s in stances)] for key in keys}
    assert sum(row[-1] for row in articles.values()) == N
    comments = report_comments(report)
    assert len(comments) == N
    assert {row["Máy"] for row in comments} == {KIOSK}
    assert sorted(int(row[SEQ_COLUMN]) for row in comments) == list(range(1, N + 1))
    assert all(row[NODE_COLUMN].startswith("article:") and row[ARTICLE_COLUMN].startswith("Điều") for row in comments)
    assert "số 0:" in comments[0][COMMENT_COLUMN]

    workbook = world.root / "report.xlsx"
    world.central("report", "--consultation", CODE, "--out", workbook)
    book = openpyxl.load_workbook(workbook, read_only=True)
    sheets = [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
    book.close()
    assert sum(row[-1] for row in sheets[0][1:]) == N
    assert len(sheets[2]) == N + 1

    # Ingesting the same batch again changes nothing.
    before = dump(world.centre_db)
    [again] = world.ingest(batches[0])
    assert again["outcome"] == "already"
    assert dump(world.centre_db) == before

    # The next package acknowledges them; the next export is empty.
    world.package()
    assert query(world.kiosk_db, "SELECT state, count(*) FROM events GROUP BY state") == [("acked", N)]
    second = world.root / "usb2"
    assert world.export(second) == []
    assert not second.exists() or not list(second.iterdir())
    plain = world.kiosk_cmd("export-batch", "--out", second)
    assert plain.stdout.strip() and not list(second.iterdir())

    # A response loaded at the centre shows for its receipt code on the kiosk.
    code = query(world.kiosk_db, "SELECT receipt_code FROM events WHERE seq = 17")[0][0]
    responses = world.root / "responses.csv"
    responses.write_text(
        "Mã biên nhận,Trạng thái,Nội dung\n"
        f"{group(code)},tiếp thu một phần,Ban soạn thảo đã sửa Điều 2.\n"
        "ZZZZ-ZZZZ-ZZZZ,tiếp thu,không có biên nhận này\n",
        encoding="utf-8",
    )
    result = world.central("respond", responses, check=False)
    assert result.returncode == 1 and "row 3" not in result.stdout
    assert len(result.stderr.strip().splitlines()) == 2  # the bad row, and the summary
    world.package()
    assert query(world.kiosk_db, "SELECT receipt_code, status, text FROM responses") == [
        (code, "partly_accepted", "Ban soạn thảo đã sửa Điều 2.")
    ]
    store = open_store(world.kiosk_db)
    try:
        status = check_receipt(store, group(code))
    finally:
        store.close()
    assert status.progress == Progress.ANSWERED
    assert [(r.status, r.text) for r in status.responses] == [("partly_accepted", "Ban soạn thảo đã sửa Điều 2.")]
