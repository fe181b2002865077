"""The centre's side of ideas and votes, end to end through ``gopy``: a ballot from a shortlist, votes counted apart, what packages carry.

The centre's own rules (specs refused, votes classed) are tested on its services in tests/centre/test_publish.py.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

from kiosk import i18n
from kiosk.feedback import Consent, FeedbackForm, Idea, PersonalData
from kiosk.storage.db import open_store
from kiosk.submissions import SubmissionService
from sync.kiosk_side import _apply_ideas

CATEGORIES = ["Đường giao thông", "Trường học"]


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    i18n.set_language("en")
    monkeypatch.setenv("GOPY_LANG", "en")  # and the ``gopy`` processes


def _publish(world, name: str, *, check: bool = True, **spec):
    today = date.today()
    base = {
        "agency": "UBND xã",
        "title": name,
        "code": name,
        "opens": (today - timedelta(days=2)).isoformat(),
        "closes": (today + timedelta(days=9)).isoformat(),
    }
    path = world.root / f"{name}.json"
    path.write_text(json.dumps(base | spec, ensure_ascii=False), encoding="utf-8")
    return world.central("publish", path, check=check)


def _sync(world) -> None:
    """Kiosk → centre → kiosk: export, ingest, package, import, each through ``gopy``."""
    batches = world.export(world.root / "usb")
    if batches:
        world.ingest(*batches)
    world.package()


def _submit(world, form: FeedbackForm) -> str:
    store = open_store(world.kiosk_db)
    try:
        return SubmissionService(store).submit(form).receipt.submission_id
    finally:
        store.close()


def _sheet(path, name: str) -> list[dict[str, str]]:
    """One section of a report's CSV (an empty line, its name, its header, its rows), as rows keyed by its header."""
    lines = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    start = next(n for n, line in enumerate(lines) if line == [name] and lines[n - 1] == [])
    header, rows = lines[start + 1], []
    for line in lines[start + 2 :]:
        if not line:
            break
        rows.append(dict(zip(header, line, strict=True)))
    return rows


def test_a_shortlist_becomes_the_ballot_and_the_ballot_cannot_change_once_votes_arrive(world):
    assert "2 categories" in _publish(world, "YT", kind="ideas", categories=CATEGORIES).stdout
    _sync(world)
    written = _submit(world, FeedbackForm("YT", ideas=(Idea("Trường học", "Thôn Nam", "Thiếu phòng học", "Xây thêm phòng"),)))
    _sync(world)
    world.central("report", "--consultation", "YT", "--out", world.root / "yt.csv")
    [idea] = _sheet(world.root / "yt.csv", "Ideas")
    assert (idea["Idea id"], idea["Commune"]) == (f"{written}/1", "Xã Thử Nghiệm")

    ballot = {
        "kind": "vote",
        "options": [{"title": "Sửa đường", "description": "Đường liên thôn"}],
        "max_choices": 1,
        "shortlist": [f"{written[:8].upper()}-1"],
    }
    assert "2 options, at most 1 to choose" in _publish(world, "BQ", **ballot).stdout
    _sync(world)
    store = open_store(world.kiosk_db)
    try:
        options = store.query("SELECT position, title, description, idea_id FROM vote_options WHERE consultation_code = 'BQ'")
        assert [(o["title"], o["description"], o["idea_id"]) for o in options] == [
            ("Sửa đường", "Đường liên thôn", ""),
            ("Xây thêm phòng", "Thiếu phòng học", f"{written}/1"),
        ]
        assert store.query_one("SELECT centre_supports, listed_by_centre FROM ideas")["listed_by_centre"] == 1
    finally:
        store.close()
    _publish(world, "BQ", **ballot | {"summary": "Changed words are fine before any vote."})
    _submit(world, FeedbackForm("BQ", vote=(1,)))
    _sync(world)
    assert "options" in _publish(world, "BQ", check=False, **ballot | {"max_choices": 2}).stderr
    assert "kind" in _publish(world, "BQ", check=False, kind="ideas", categories=CATEGORIES).stderr
    _publish(world, "BQ", **ballot | {"status": "closed"})


def test_a_package_keeps_the_kiosk_own_ideas_and_drops_those_the_centre_no_longer_lists(world):
    _publish(world, "YT", kind="ideas", categories=CATEGORIES)
    _sync(world)
    mine = _submit(world, FeedbackForm("YT", ideas=(Idea("Trường học", "Thôn Nam", "Thiếu phòng học"),))) + "/1"
    elsewhere = "11111111-2222-4333-8444-555555555555/1"
    store = open_store(world.kiosk_db)
    try:
        listed = {
            "id": elsewhere,
            "consultation": "YT",
            "category": "Trường học",
            "hamlet": "Thôn Bắc",
            "problem": "Xa trường",
            "proposal": "",
            "commune_name": "Xã Bên",
            "local_time": "",
            "supports": 4,
        }
        with store.write():
            _apply_ideas(store, [listed])
        assert {r["id"]: r["centre_supports"] for r in store.query("SELECT * FROM ideas")} == {mine: 0, elsewhere: 4}
        with store.write():
            _apply_ideas(store, [])
        assert [r["id"] for r in store.query("SELECT id FROM ideas")] == [mine]
        with pytest.raises(ValueError), store.write():
            _apply_ideas(store, [listed | {"supports": "4"}])
    finally:
        store.close()


def test_a_personal_data_report_of_a_vote_names_the_id_numbers(world):
    _publish(world, "BQ", kind="vote", options=[{"title": "A"}, {"title": "B"}])
    _sync(world)
    consent = Consent(personal_data=True)
    _submit(world, FeedbackForm("BQ", vote=(0,), personal=PersonalData(id_number="001090123456"), consent=consent))
    _sync(world)
    plain = world.central("report", "--consultation", "BQ", "--out", world.root / "plain.csv").stdout
    world.central("report", "--consultation", "BQ", "--out", world.root / "personal.csv", "--with-personal-data")
    assert "1 verified with a unique ID number, 0 anonymous" in plain
    assert "001090123456" not in (world.root / "plain.csv").read_text(encoding="utf-8-sig")
    assert "001090123456" in (world.root / "personal.csv").read_text(encoding="utf-8-sig")
