"""The centre's side of ideas and votes: publishing a ballot, counting votes apart, what packages carry."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta

import pytest
from nacl.public import PrivateKey, SealedBox

from kiosk import canonical, i18n
from kiosk.errors import ValidationError
from kiosk.feedback import Consent, FeedbackForm, Idea, PersonalData
from kiosk.home import Home
from kiosk.storage.db import open_store
from kiosk.submissions import SubmissionService
from sync.batches import export_batches
from sync.central import service
from sync.central.ingest import ingest_file
from sync.central.results import VoteClass, tally_votes
from sync.central.store import SqliteCentre
from sync.kiosk_side import _apply_ideas, import_package

CATEGORIES = ["Đường giao thông", "Trường học"]


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


def _publish(world, name: str, **spec) -> service.Published:
    today = date.today()
    base = {"agency": "UBND xã", "title": name, "code": name, "opens": (today - timedelta(days=2)).isoformat(),
            "closes": (today + timedelta(days=9)).isoformat()}
    path = world.root / f"{name}.json"
    path.write_text(json.dumps(base | spec, ensure_ascii=False), encoding="utf-8")
    return service.publish(world.centre, path)


def _sync(world) -> None:
    """Kiosk → centre → kiosk, in process: export, ingest, package, import."""
    store = open_store(world.kiosk_db)
    try:
        for batch in export_batches(store, Home(world.kiosk), world.root / "usb").batches:
            with SqliteCentre.open(world.centre) as backend:
                ingest_file(backend, batch.path)
        package = service.build_package(world.centre, "K1", world.root / "packages")
        import_package(store, package, Home(world.kiosk))
    finally:
        store.close()


def _submit(world, form: FeedbackForm) -> str:
    store = open_store(world.kiosk_db)
    try:
        return SubmissionService(store).submit(form).receipt.submission_id
    finally:
        store.close()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"kind": "survey"}, "kind is one of"),
        ({"status": "finished"}, "kind is one of"),
        ({"kind": "ideas", "drafts": ["du-thao.md"]}, "only a draft"),
        ({"kind": "ideas", "categories": ["Trường học", ""]}, "category"),
        ({"kind": "vote", "options": [{"title": "Một"}]}, "at least two"),
        ({"kind": "vote", "options": [{"title": "A"}, {"title": "B"}], "max_choices": 3}, "max_choices"),
        ({"kind": "vote", "options": [{"title": "A"}, {"title": "B"}], "max_choices": 0}, "max_choices"),
        ({"kind": "vote", "options": [{"title": "A"}, {"description": "no title"}]}, "title"),
        ({"kind": "vote", "options": [{"title": "A"}, {"title": "B"}], "questions": [{"kind": "text", "text": "?"}]}, "questions"),
        ({"kind": "vote", "options": [{"title": "A"}], "shortlist": ["00000000-0000-4000-8000-000000000000/1"]}, "no idea"),
    ],
)
def test_a_consultation_file_that_cannot_be_published_says_why(world, spec, message):
    with pytest.raises(ValidationError, match=message):
        _publish(world, "BAD", **spec)


def test_a_shortlist_becomes_the_ballot_and_the_ballot_cannot_change_once_votes_arrive(world):
    assert _publish(world, "YT", kind="ideas", categories=CATEGORIES).categories == 2
    _sync(world)
    written = _submit(world, FeedbackForm("YT", ideas=(Idea("Trường học", "Thôn Nam", "Thiếu phòng học", "Xây thêm phòng"),)))
    _sync(world)
    with SqliteCentre.open(world.centre) as backend:
        [idea] = backend.ideas("YT")
    assert idea["id"] == f"{written}/1" and idea["commune_name"] == "Xã Thử Nghiệm"

    ballot = {"kind": "vote", "options": [{"title": "Sửa đường", "description": "Đường liên thôn"}], "max_choices": 1,
              "shortlist": [f"{written[:8].upper()}-1"]}
    published = _publish(world, "BQ", **ballot)
    assert (published.options, published.max_choices) == (2, 1)
    _sync(world)
    store = open_store(world.kiosk_db)
    try:
        options = store.query("SELECT position, title, description, idea_id FROM vote_options WHERE consultation_code = 'BQ'")
        assert [(o["title"], o["description"], o["idea_id"]) for o in options] == [
            ("Sửa đường", "Đường liên thôn", ""), ("Xây thêm phòng", "Thiếu phòng học", f"{written}/1")
        ]
        assert store.query_one("SELECT centre_supports, listed_by_centre FROM ideas")["listed_by_centre"] == 1
    finally:
        store.close()
    _publish(world, "BQ", **ballot | {"summary": "Changed words are fine before any vote."})
    _submit(world, FeedbackForm("BQ", vote=(1,)))
    _sync(world)
    with pytest.raises(ValidationError, match="options"):
        _publish(world, "BQ", **ballot | {"max_choices": 2})
    with pytest.raises(ValidationError, match="kind"):
        _publish(world, "BQ", kind="ideas", categories=CATEGORIES)
    _publish(world, "BQ", **ballot | {"status": "closed"})


class _Backend:
    def __init__(self, rows):
        self.rows = rows

    def submissions(self, code):
        return iter(self.rows)


def _sealed(public, value) -> dict:
    return {"key_id": "k", "ct": base64.b64encode(SealedBox(public).encrypt(canonical.dumps(value))).decode()}


def test_votes_are_put_in_one_class_each_in_the_order_they_reached_the_centre():
    key, stranger = PrivateKey.generate(), PrivateKey.generate()
    rows = []

    def vote(n, choices, *, id_number=None, batch=1, sealed_for=None, submission=None, personal=None):
        body = {"id": f"s{n}", "vote": _sealed((sealed_for or key).public_key, {"choices": choices, "submission": submission or f"s{n}"})}
        if id_number is not None:
            body["sealed"] = personal or _sealed(key.public_key, {"id_number": id_number})
        row = {"kiosk_id": "K", "epoch": 1, "seq": n, "batch_id": batch, "receipt_code": f"CODE{n:08d}"}
        rows.append(row | {"body": canonical.dumps(body)})

    vote(1, [0])  # anonymous
    vote(2, [1], id_number="001090123456", batch=2)  # arrives later than 3: the duplicate
    vote(3, [2], id_number="001 090 123 456")  # verified: first with this number
    vote(4, [0], id_number="123")  # not a CCCD: anonymous, flagged
    vote(5, [0, 1])  # two choices on a single-choice ballot: spoilt
    vote(6, [7])  # no such option: spoilt
    vote(7, [0], sealed_for=stranger)  # not for this centre: unreadable
    vote(8, [1], submission="s1")  # copied from another submission: unreadable
    vote(9, [1], id_number="", personal=_sealed(stranger.public_key, {"id_number": "001090123456"}))  # personal data unreadable
    vote(10, [1], id_number="079305000001")
    spec = {"options": [{"title": t} for t in "ABC"], "max_choices": 1}
    tally = tally_votes(_Backend(rows), "BQ", spec, key)
    classes = {b.row["seq"]: b.cls for b in tally.ballots}
    assert classes == {
        1: VoteClass.ANONYMOUS, 2: VoteClass.DUPLICATE, 3: VoteClass.VERIFIED, 4: VoteClass.INVALID_ID, 5: VoteClass.SPOILT,
        6: VoteClass.SPOILT, 7: VoteClass.UNREADABLE, 8: VoteClass.UNREADABLE, 9: VoteClass.INVALID_ID, 10: VoteClass.VERIFIED,
    }
    assert next(b for b in tally.ballots if b.row["seq"] == 2).duplicate_of == "CODE00000003"
    assert (tally.verified, tally.anonymous) == ([0, 1, 1], [2, 1, 0])
    assert (tally.verified_votes, tally.anonymous_votes) == (2, 3)


def test_a_package_keeps_the_kiosk_own_ideas_and_drops_those_the_centre_no_longer_lists(world):
    _publish(world, "YT", kind="ideas", categories=CATEGORIES)
    _sync(world)
    mine = _submit(world, FeedbackForm("YT", ideas=(Idea("Trường học", "Thôn Nam", "Thiếu phòng học"),))) + "/1"
    elsewhere = "11111111-2222-4333-8444-555555555555/1"
    store = open_store(world.kiosk_db)
    try:
        listed = {"id": elsewhere, "consultation": "YT", "category": "Trường học", "hamlet": "Thôn Bắc", "problem": "Xa trường",
                  "proposal": "", "commune_name": "Xã Bên", "local_time": "", "supports": 4}
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
    from sync.central.report import build_report

    _publish(world, "BQ", kind="vote", options=[{"title": "A"}, {"title": "B"}])
    _sync(world)
    consent = Consent(personal_data=True)
    _submit(world, FeedbackForm("BQ", vote=(0,), personal=PersonalData(id_number="001090123456"), consent=consent))
    _sync(world)
    keys = service.load_keys(world.centre)
    with SqliteCentre.open(world.centre) as backend:
        plain = build_report(backend, "BQ", world.root / "plain.csv", vote_key=keys.sealing)
        build_report(backend, "BQ", world.root / "personal.csv", sealing=keys.sealing)
        with pytest.raises(ValidationError, match="sealing key"):
            build_report(backend, "BQ", world.root / "none.csv")
    assert (plain.verified, plain.anonymous) == (1, 0)
    assert "001090123456" not in (world.root / "plain.csv").read_text(encoding="utf-8-sig")
    assert "001090123456" in (world.root / "personal.csv").read_text(encoding="utf-8-sig")
