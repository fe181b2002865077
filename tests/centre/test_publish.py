"""Publishing consultations at the centre: specs, draft versions, the drafting agency, ballots; and counting votes."""

from __future__ import annotations

import base64

import pytest
from nacl.public import PrivateKey, SealedBox

from centre.audit.models import AuditEvent, EventType
from centre.consultations import selectors
from centre.consultations.models import Consultation, Draft
from centre.consultations.results import VoteClass, consultation_results, tally_votes
from centre.consultations.services import do_publish
from centre.fleet.services import do_enrol_kiosk, do_init_centre
from centre.ingest.models import Idea
from kiosk import canonical, i18n
from kiosk.errors import NotFoundError, ValidationError
from tests.centre.fleet_seed import CODE, DRAFT, batch, comment, consultation_file

pytestmark = [pytest.mark.centre, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


@pytest.fixture
def centre(tmp_path, settings):
    settings.HOME = tmp_path / "centre"
    do_init_centre(settings.HOME)
    return settings.HOME


def test_a_draft_is_versioned_by_its_text_and_publishing_is_audited(centre, tmp_path):
    spec = consultation_file(tmp_path)
    assert do_publish(spec).draft_version == 1
    assert do_publish(spec).draft_version == 1  # the same text: no new version
    (tmp_path / "du-thao.md").write_text(DRAFT.replace("ngày ký", "ngày 01/01/2027"), encoding="utf-8")
    published = do_publish(spec)
    assert (published.draft_version, published.message()) == (2, f"Consultation {CODE} published, draft version 2.")
    assert list(Draft.objects.values_list("version", flat=True)) == [1, 2]
    assert Consultation.objects.get().published_at is not None
    assert AuditEvent.objects.filter(event_type=EventType.CONSULTATION_PUBLISHED, target_id=CODE).count() == 3


def test_agency_links_a_known_agency_and_an_unknown_code_creates_nothing(centre, tmp_path):
    from centre.accounts.models import Agency

    Agency.objects.create(code="BTP", name="Bộ Tư pháp")
    spec = consultation_file(tmp_path)
    with pytest.raises(NotFoundError, match="no agency with the code XYZ"):
        do_publish(spec, agency_code="XYZ")
    assert not Consultation.objects.exists() and Agency.objects.count() == 1
    do_publish(spec, agency_code="BTP")
    assert Consultation.objects.get().agency.code == "BTP"
    do_publish(spec)  # no --agency: the link stays
    assert Consultation.objects.get().agency.code == "BTP"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"kind": "survey"}, "kind is one of"),
        ({"status": "finished"}, "kind is one of"),
        ({"kind": "ideas", "drafts": ["du-thao.md"]}, "only a draft"),
        ({"kind": "ideas", "drafts": [], "categories": ["Trường học", ""]}, "category"),
        ({"kind": "vote", "drafts": [], "questions": [], "options": [{"title": "Một"}]}, "at least two"),
        ({"kind": "vote", "drafts": [], "questions": [], "options": [{"title": "A"}, {"title": "B"}], "max_choices": 3}, "max_choices"),
        ({"kind": "vote", "drafts": [], "questions": [], "options": [{"title": "A"}, {"title": "B"}], "max_choices": 0}, "max_choices"),
        ({"kind": "vote", "drafts": [], "questions": [], "options": [{"title": "A"}, {"description": "no title"}]}, "title"),
        ({"kind": "vote", "drafts": [], "options": [{"title": "A"}, {"title": "B"}]}, "questions"),
        (
            {
                "kind": "vote",
                "drafts": [],
                "questions": [],
                "options": [{"title": "A"}],
                "shortlist": ["00000000-0000-4000-8000-000000000000/1"],
            },
            "no idea",
        ),
        ({"opens": "01/12/2026"}, "YYYY-MM-DD"),
        ({"title": ""}, "lacks: title"),
    ],
)
def test_a_consultation_file_that_cannot_be_published_says_why(centre, tmp_path, spec, message):
    with pytest.raises(ValidationError, match=message):
        do_publish(consultation_file(tmp_path, "BAD", **spec))
    assert not Consultation.objects.exists()


def test_a_shortlist_becomes_the_ballot_and_the_ballot_cannot_change_once_votes_arrive(centre, tmp_path):
    do_enrol_kiosk("K1", "TN", "Xã Thử Nghiệm", tmp_path / "K1.enrol")
    do_publish(consultation_file(tmp_path, "YT", kind="ideas", drafts=[], questions=[], categories=["Trường học"]))
    written = "3f2a9c1b-0000-4000-8000-000000000001"
    batch("K1", [{"ideas": [{"id": f"{written}/1"}]}], code="YT")
    Idea.objects.create(
        id=f"{written}/1", consultation_code="YT", kiosk_id="K1", epoch=1, seq=1, category="Trường học", hamlet="Thôn Nam",
        problem="Thiếu phòng học", proposal="Xây thêm phòng",
    )  # fmt: skip
    [idea] = selectors.ideas("YT")
    assert (idea["commune_name"], idea["supports"]) == ("Xã Thử Nghiệm", 0)

    ballot = {
        "kind": "vote", "drafts": [], "questions": [], "max_choices": 1,
        "options": [{"title": "Sửa đường", "description": "Đường liên thôn"}], "shortlist": ["3F2A9C1B-1"],
    }  # fmt: skip
    published = do_publish(consultation_file(tmp_path, "BQ", **ballot))
    assert (published.options, published.max_choices) == (2, 1)
    options = canonical.loads(Consultation.objects.get(code="BQ").spec)["options"]
    assert [(o["title"], o["description"], o.get("idea_id", "")) for o in options] == [
        ("Sửa đường", "Đường liên thôn", ""),
        ("Xây thêm phòng", "Thiếu phòng học", f"{written}/1"),
    ]
    do_publish(consultation_file(tmp_path, "BQ", **ballot | {"summary": "Changed words are fine before any vote."}))
    batch("K1", [{"vote": {}}], code="BQ", first_seq=2)
    with pytest.raises(ValidationError, match="options"):
        do_publish(consultation_file(tmp_path, "BQ", **ballot | {"max_choices": 2}))
    with pytest.raises(ValidationError, match="kind"):
        do_publish(consultation_file(tmp_path, "BQ", kind="ideas", drafts=[], questions=[], categories=["Trường học"]))
    do_publish(consultation_file(tmp_path, "BQ", **ballot | {"status": "closed"}))


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
    tally = tally_votes("BQ", spec, key, rows=rows)
    classes = {b.row["seq"]: b.cls for b in tally.ballots}
    assert classes == {
        1: VoteClass.ANONYMOUS, 2: VoteClass.DUPLICATE, 3: VoteClass.VERIFIED, 4: VoteClass.INVALID_ID, 5: VoteClass.SPOILT,
        6: VoteClass.SPOILT, 7: VoteClass.UNREADABLE, 8: VoteClass.UNREADABLE, 9: VoteClass.INVALID_ID, 10: VoteClass.VERIFIED,
    }  # fmt: skip
    assert next(b for b in tally.ballots if b.row["seq"] == 2).duplicate_of == "CODE00000003"
    assert (tally.verified, tally.anonymous) == ([0, 1, 1], [2, 1, 0])
    assert (tally.verified_votes, tally.anonymous_votes) == (2, 3)


def test_results_count_stances_per_article(centre, tmp_path):
    do_enrol_kiosk("K1", "TN", "Xã Thử Nghiệm", tmp_path / "K1.enrol")
    do_publish(consultation_file(tmp_path))
    batch("K1", [comment(stance="agree"), comment(stance="disagree"), comment("article:2", "other")])
    result = consultation_results(CODE, selectors.spec_of(Consultation.objects.get()), PrivateKey.generate())
    assert result["submissions"] == 3
    assert result["articles"] == [
        {"key": "article:1", "agree": 1, "disagree": 1, "other": 0},
        {"key": "article:2", "agree": 0, "disagree": 0, "other": 1},
    ]


def test_time_flags_are_the_same_on_every_engine():
    from datetime import UTC, datetime

    received, floor = datetime(2026, 12, 1, 3, 30, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    assert selectors.time_flag("2026-12-01T10:30:00+07:00", received, floor) is None
    assert selectors.time_flag("2026-12-01T10:30:01+07:00", received, floor) == "after_receipt"
    assert selectors.time_flag("2026-10-31T23:59:59", received, floor) == "before_floor"
    assert selectors.time_flag("hôm qua", received, floor) == "unreadable"
    assert selectors.time_flag(None, received, None) == "unreadable"


def test_a_draft_the_parser_doubts_is_published_only_once_a_person_accepts_its_warnings(centre, tmp_path):
    path = consultation_file(tmp_path / "skips", "SKIP")
    draft = path.parent / "du-thao.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("Điều 2. Trách nhiệm", "Điều 5. Trách nhiệm"), encoding="utf-8")
    with pytest.raises(ValidationError, match="--accept-warnings") as refused:
        do_publish(path)
    assert "Điều 5" in refused.value.message and "\n" not in refused.value.message
    assert not Consultation.objects.filter(code="SKIP").exists()

    published = do_publish(path, accept_warnings=True)
    stored = Consultation.objects.get(code="SKIP")
    assert published.draft_version == 1 and "Điều 5" in canonical.loads(stored.accepted_warnings)[0]
    event = AuditEvent.objects.filter(event_type=EventType.CONSULTATION_PUBLISHED, target_id="SKIP").get()
    assert canonical.loads(event.extra)["accepted_warnings"] == canonical.loads(stored.accepted_warnings)
