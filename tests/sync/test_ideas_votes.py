"""Ideas and votes through the command line only: a call for ideas, a vote on its shortlist, results on the notice board.

ideas call published → package → 50 ideas and 30 supports imported as paper
forms → export → ingest → report per category and hamlet → vote published
shortlisting 3 ideas → package → 100 paper votes (40 with ID numbers, 5 of
them repeating one) → export → ingest → report: verified, anonymous and
duplicates apart → both closed → package → poster PDFs read back.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date, timedelta

from tests.kiosk.receipts import decode_qr, flat, pdf_text, rasterise
from tests.sync.helpers import gopy, one_line_refusal, query

IDEAS = "TN-Y-TUONG"
VOTE = "TN-BIEU-QUYET"
CATEGORIES = ["Giao thông, thủy lợi", "Trường học", "Y tế", "Chợ", "Dịch vụ công"]
HAMLETS = ["Thôn Đông", "Thôn Đoài", "Thôn Nam", "Thôn Bắc"]


def _spec(world, name: str, spec: dict) -> str:
    today = date.today()
    base = {
        "agency": "UBND xã Thử Nghiệm",
        "opens": (today - timedelta(days=5)).isoformat(),
        "closes": (today + timedelta(days=20)).isoformat(),
    }
    path = world.root / name
    path.write_text(json.dumps(base | spec, ensure_ascii=False), encoding="utf-8")
    return path


def _write_csv(path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _sections(path) -> dict[str, list[list[str]]]:
    """A CSV report's blocks by name: {section: [header, *rows]}."""
    blocks, current = {}, None
    for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))):
        if not row:
            current = None
        elif current is None:
            current = blocks.setdefault(row[0], [])
        else:
            current.append(row)
    return blocks


def _en(world, *args, centre=False, check=True):
    """A command in English: what is asserted does not hang on the Vietnamese catalogue."""
    where = ("central", args[0], "--home", world.centre, *args[1:]) if centre else args
    return gopy("--lang", "en", *where, home=None if centre else world.kiosk, check=check)


def _id_number(n: int) -> str:
    """A well-formed citizen ID: Hà Nội (001), born in the 1990s, then six digits."""
    return f"0010{90 + n % 10:02d}{100000 + n:06d}"


def test_an_ideas_call_then_a_vote_on_its_shortlist_then_the_results_on_the_notice_board(world, tmp_path):
    today = date.today().strftime("%d/%m/%Y")
    ideas_spec = {"code": IDEAS, "kind": "ideas", "title": "Góp ý tưởng xây dựng xã năm 2027", "categories": CATEGORIES}
    published = world.central("publish", _spec(world, "ideas.json", ideas_spec))
    assert "5" in published.stdout
    world.package()

    # 50 ideas on paper: a problem, a proposal or both, in a category, about a hamlet.
    expected_ideas: Counter = Counter()
    rows = []
    for n in range(50):
        category, hamlet = CATEGORIES[n % 5], HAMLETS[n % 4]
        problem = f"Vấn đề số {n}: đường ngập khi mưa" if n % 3 != 2 else ""
        proposal = f"Đề xuất số {n}: làm mương thoát nước" if n % 3 != 1 else ""
        rows.append([IDEAS, category, hamlet, problem, proposal, today, f"YT-{n:03d}"])
        expected_ideas[(category, hamlet)] += 1
    header = ["Mã lấy ý kiến", "Lĩnh vực", "Thôn liên quan", "Vấn đề", "Đề xuất", "Ngày phiếu", "Mã phiếu"]
    _write_csv(world.root / "y-tuong.csv", header, rows)
    world.kiosk_cmd("import-paper", world.root / "y-tuong.csv")

    listed = json.loads(world.kiosk_cmd("ideas", "--consultation", IDEAS, "--json").stdout)
    assert len(listed) == 50 and all(i["written_here"] and i["supports"] == 0 for i in listed)
    ids = {row[0]: row[1] for row in query(world.kiosk_db, "SELECT row_key, body FROM events WHERE consultation_code = ?", (IDEAS,))}
    idea_of = [json.loads(ids[f"YT-{n:03d}"])["ideas"][0]["id"] for n in range(50)]
    ref = {i["id"]: i["ref"] for i in listed}

    # 30 supports: "tôi cũng gặp vấn đề này", by short reference or by full id as the clerk copied it.
    supported = [idea_of[k % 12] for k in range(30)]
    support_rows = [[IDEAS, ref[idea] if k % 2 else idea, today, f"UH-{k:03d}"] for k, idea in enumerate(supported)]
    _write_csv(world.root / "ung-ho.csv", ["consultation", "support_of", "form_date", "row_key"], support_rows)
    world.kiosk_cmd("import-paper", world.root / "ung-ho.csv")
    board = {i["id"]: i["supports"] for i in json.loads(world.kiosk_cmd("ideas", "--consultation", IDEAS, "--json").stdout)}
    assert board == {idea: supported.count(idea) for idea in idea_of}

    [batch] = world.export(world.root / "usb1")
    [applied] = world.ingest(batch)
    assert applied["new_events"] == 80

    report = world.root / "ideas.csv"
    printed = _en(world, "report", "--consultation", IDEAS, "--out", report, centre=True).stdout
    assert "50 ideas with 30 supports" in printed
    sections = _sections(report)
    by_place = sections["Ideas by category and hamlet"]
    supports_by_place = Counter()
    for n, idea in enumerate(idea_of):
        supports_by_place[(CATEGORIES[n % 5], HAMLETS[n % 4])] += supported.count(idea)
    assert {(r[0], r[1]): (int(r[2]), int(r[3])) for r in by_place[1:]} == {
        key: (count, supports_by_place[key]) for key, count in expected_ideas.items()
    }
    every = sections["Ideas"]
    assert {r[0]: int(r[6]) for r in every[1:]} == {idea: supported.count(idea) for idea in idea_of}

    # The vote shortlists the three most supported ideas; the centre checks them.
    shortlist = idea_of[:3]
    vote_spec = {"code": VOTE, "kind": "vote", "title": "Biểu quyết công trình ưu tiên năm 2027", "max_choices": 1, "shortlist": shortlist}
    unknown = {"shortlist": ["00000000-0000-4000-8000-000000000000/1"]}
    refused = world.central("publish", _spec(world, "bad-vote.json", vote_spec | unknown), check=False)
    assert "00000000" in one_line_refusal(refused)
    world.central("publish", _spec(world, "vote.json", vote_spec))
    world.package()
    # The centre's counts came down with the acknowledgement of the same supports: each counted once.
    after = {i["id"]: i["supports"] for i in json.loads(world.kiosk_cmd("ideas", "--consultation", IDEAS, "--json").stdout)}
    assert after == board and query(world.kiosk_db, "SELECT count(*) FROM ideas WHERE listed_by_centre = 1") == [(50,)]
    options = query(
        world.kiosk_db, "SELECT position, title, idea_id FROM vote_options WHERE consultation_code = ? ORDER BY position", (VOTE,)
    )
    assert [o[2] for o in options] == shortlist and options[0][1].startswith("Đề xuất số 0")

    # 100 paper ballots: 60 anonymous, 40 with an ID number of which 5 repeat an earlier one.
    ballots, expected_verified, expected_anonymous = [], Counter(), Counter()
    for n in range(100):
        choice = (n * 7) % 3 + 1
        if n < 60:
            id_number = ""
            expected_anonymous[choice] += 1
        elif n < 95:
            id_number = _id_number(n)
            expected_verified[choice] += 1
        else:
            id_number = _id_number(60 + n - 95)  # the same person again: flagged, not counted
        ballots.append([VOTE, str(choice), id_number, today, f"BQ-{n:03d}"])
    _write_csv(world.root / "phieu-bau.csv", ["Mã lấy ý kiến", "Phương án", "Số CCCD", "Ngày phiếu", "Mã phiếu"], ballots)
    world.kiosk_cmd("import-paper", world.root / "phieu-bau.csv")
    bodies = [row[0] for row in query(world.kiosk_db, "SELECT body FROM events WHERE consultation_code = ?", (VOTE,))]
    assert len(bodies) == 100 and not any(_id_number(70) in body for body in bodies)  # sealed: no choice, no ID in clear
    assert all(json.loads(body)["vote"].keys() == {"key_id", "ct"} for body in bodies)

    [batch] = world.export(world.root / "usb2")
    world.ingest(batch)
    report = world.root / "vote.csv"
    printed = _en(world, "report", "--consultation", VOTE, "--out", report, centre=True).stdout
    assert "100 votes: 35 verified with a unique ID number, 60 anonymous, 5 repeating an ID number" in printed
    sections = _sections(report)
    counts = {row[0]: int(row[1]) for row in sections["Vote count"][1:]}
    assert counts["Verified: one vote per ID number, counted"] == 35
    assert counts["Anonymous: counted separately"] == 60
    assert counts["Repeated ID number: flagged, not counted"] == 5
    results = {int(r[0]): (int(r[4]), int(r[5])) for r in sections["Vote results"][1:]}
    assert results == {n: (expected_verified[n], expected_anonymous[n]) for n in (1, 2, 3)}
    header = sections["Votes"][0]
    status = next(i for i, name in enumerate(header) if any(row[i].startswith("Repeated") for row in sections["Votes"][1:]))
    flagged = [r for r in sections["Votes"][1:] if r[status].startswith("Repeated")]
    assert len(flagged) == 5 and all(r[status + 1] for r in flagged)
    assert not any(_id_number(70) in row for rows in sections.values() for r in rows for row in r)  # no ID numbers unless asked

    # A vote's receipt says a vote was cast, never which.
    code = query(world.kiosk_db, "SELECT receipt_code FROM events WHERE row_key = 'BQ-000'")[0][0]
    _en(world, "receipt", code, "--out", tmp_path / "receipt.pdf")
    receipt = flat(pdf_text(tmp_path / "receipt.pdf"))
    assert "Your vote has been recorded." in receipt and not any(title[:20] in receipt for _p, title, _i in options)

    # Closed: results come down with the next package, and go on the notice board.
    assert "not closed yet" in one_line_refusal(_en(world, "poster", "--consultation", VOTE, "--out", tmp_path / "x.pdf", check=False))
    world.central("publish", _spec(world, "vote.json", vote_spec | {"status": "closed"}))
    world.central("publish", _spec(world, "ideas.json", ideas_spec | {"status": "closed"}))
    world.package()
    _en(world, "poster", "--consultation", VOTE, "--out", tmp_path / "vote.pdf")
    poster = flat(pdf_text(tmp_path / "vote.pdf"))
    assert "VOTE RESULTS" in poster and "Biểu quyết công trình ưu tiên năm 2027" in poster
    assert "one per person: 35. Votes without verification: 60." in poster
    assert "5 votes repeated an ID number" in poster
    for position, title, _idea in options:
        verified, anonymous = expected_verified[position], expected_anonymous[position]
        assert f"{position} {title[:15]}" in poster and f"{verified} {anonymous}" in poster
    [qr] = decode_qr(rasterise(tmp_path / "vote.pdf", dpi=150))
    assert qr.text == f"https://gopy.gov.vn/r/ket-qua/{VOTE}"

    _en(world, "poster", "--consultation", IDEAS, "--out", tmp_path / "ideas.pdf", "--size", "a3")
    poster = flat(pdf_text(tmp_path / "ideas.pdf"))
    assert "50 ideas were put forward" in poster and "30 times" in poster
    for category in CATEGORIES:
        n_ideas = sum(n for (c, _h), n in expected_ideas.items() if c == category)
        n_supports = sum(n for (c, _h), n in supports_by_place.items() if c == category)
        assert f"{category} {n_ideas} {n_supports}" in poster
    assert "Đề xuất số 0: làm mương thoát nước" in poster
