"""The console's domain: the comment index, groups, answers reaching clauses, approval and publishing, bulk with undo."""

from __future__ import annotations

import pytest

from centre.audit.models import AuditEvent, EventType
from centre.consultations.models import Consultation
from centre.fleet.services import do_revoke_key
from centre.review import services
from centre.review.models import Comment, CommentStatus, DuplicateGroup, GroupKind, GroupState
from centre.review.selectors import answer_map, member_additions, queue, queue_page, responses_for_kiosk
from kiosk.errors import ValidationError
from tests.centre.review.conftest import CODE, batch, items

pytestmark = [pytest.mark.centre, pytest.mark.django_db]

CAMPAIGN = "Đề nghị giữ nguyên chiều rộng đường thôn là 5 mét, không thu hẹp."


def audited(kind: EventType) -> int:
    return AuditEvent.objects.filter(event_type=kind).count()


def seed() -> Consultation:
    b1 = batch(
        "K1",
        [
            items(("article:2/clause:2", "disagree", CAMPAIGN)),
            items(("article:2/clause:2", "disagree", "de nghi giu nguyen chieu rong duong thon la 5 met khong thu hep")),
            items(("article:2", "agree", "Đồng ý."), ("article:1", "other", "Cần làm rõ phạm vi."), contributor="business"),
        ],
    )
    b2 = batch("K2", [items(("article:2/clause:2", "disagree", "Đề nghị giữ nguyên chiều rộng đường thôn là 5 mét, không thu hẹp đường."))])
    assert services.index_comments(b1.pk) == 4
    assert services.index_comments(b2.pk) == 1
    assert services.index_comments(b1.pk) == 0  # an item is indexed once
    return Consultation.objects.get(code=CODE)


def test_index_normalises_rolls_up_and_places(centre):
    consultation = seed()
    rows = list(Comment.objects.order_by("pk"))
    assert [r.article_key for r in rows] == ["article:2", "article:2", "article:2", "article:1", "article:2"]
    assert rows[0].folded == rows[1].folded == "de nghi giu nguyen chieu rong duong thon la 5 met khong thu hep"
    assert rows[0].folded_hash == rows[1].folded_hash
    assert (rows[0].commune_name, rows[0].province_name, rows[4].commune_name) == ("Xã Thử Nghiệm", "Hà Tĩnh", "Xã Thạch Hà")
    assert rows[2].contributor_type == "business" and rows[0].contributor_type == "individual"
    assert rows[0].chapter_key == "" and rows[0].status == CommentStatus.RECEIVED
    # search with or without diacritics, and an article rolling up its clauses
    assert queue(consultation, {"q": "chiều rộng"}).count() == 3
    assert queue(consultation, {"q": "CHIEU RONG"}).count() == 3
    assert queue(consultation, {"article": "article:2"}).count() == 4
    assert queue(consultation, {"key": "article:2/clause:2"}).count() == 3
    page, nxt = queue_page(queue(consultation, {}), size=2)
    assert len(page) == 2 and nxt == page[-1].pk
    page2, _ = queue_page(queue(consultation, {}), after=nxt, size=2)
    assert page2[0].pk > nxt


def test_reindex_leaves_revoked_events_out_and_marks_those_revoked_since(centre):
    b = batch("K1", [items(("article:1", "agree", "Một")), items(("article:1", "agree", "Hai")), items(("article:1", "agree", "Ba"))])
    do_revoke_key("K1", "key-e1", 1, 3)
    assert services.index_comments(b.pk) == 2  # the third was revoked before it was indexed
    do_revoke_key("K1", "key-e1", 1, 2)
    assert services.do_reindex_consultation(CODE) == 0
    consultation = Consultation.objects.get(code=CODE)
    assert Comment.objects.count() == 2 and Comment.objects.get(revoked=True).text == "Hai"  # kept, marked
    assert [c.text for c in queue(consultation, {})] == ["Một"]
    assert audited(EventType.COMMENTS_INDEXED) == 2


def test_groups_are_suggested_then_confirmed_split_merged_by_a_person(centre, officer):
    consultation = seed()
    assert services.do_suggest_groups(CODE) == 1
    group = DuplicateGroup.objects.get(state=GroupState.SUGGESTED)
    assert group.kind == GroupKind.NEAR and group.members.count() == 3
    assert group.representative.folded == "de nghi giu nguyen chieu rong duong thon la 5 met khong thu hep"
    longer = group.members.get(kiosk_id="K2")
    assert member_additions(group.representative.text, longer.text) == "đường."
    services.do_confirm_group(group.pk, actor=officer.user)
    group.refresh_from_db()
    assert group.state == GroupState.CONFIRMED and group.decided_by == officer.user
    # confirmed groups survive a new suggestion; split takes one member out, kept as a row
    assert services.do_suggest_groups(CODE) == 0
    services.do_split_group(group.pk, [longer.pk], actor=officer.user)
    assert group.members.count() == 2
    loose = Comment.objects.get(pk=longer.pk)
    merged = services.do_merge_groups([group.pk], [loose.pk], actor=officer.user).group
    assert merged.members.count() == 3
    assert Comment.objects.filter(consultation=consultation).count() == 5  # nothing deleted
    for kind in (EventType.GROUP_CONFIRMED, EventType.GROUP_SPLIT, EventType.GROUPS_MERGED, EventType.GROUPS_SUGGESTED):
        assert audited(kind) >= 1


def test_an_article_answer_reaches_its_clauses_unless_they_have_their_own(centre, officer, lead):
    consultation = seed()
    services.do_suggest_groups(CODE)
    group = DuplicateGroup.objects.get()
    services.do_confirm_group(group.pk, actor=officer.user)
    article = services.do_answer(
        consultation, actor=officer.user, outcome="explained", text="Điều 2 giữ như dự thảo.", legal_key="article:2"
    )
    assert Comment.objects.filter(article_key="article:2", status=CommentStatus.ANSWERED).count() == 4
    answers = answer_map(consultation.pk)
    clause_comment = Comment.objects.filter(legal_key="article:2/clause:2").first()
    assert answers.for_comment(clause_comment) == article
    on_group = services.do_answer(consultation, actor=officer.user, outcome="accepted", text="Tiếp thu: giữ 5 m.", group_id=group.pk)
    assert answer_map(consultation.pk).for_comment(clause_comment) == on_group
    # nothing reaches a kiosk before the lead approves and publishes
    assert not [r for r in responses_for_kiosk("K1") if r["consultation_code"] == CODE]
    services.do_publish_answers(CODE, actor=lead.user)
    assert not [r for r in responses_for_kiosk("K1") if r["consultation_code"] == CODE]
    services.do_approve_answers([article.pk, on_group.pk], actor=lead.user)
    published = services.do_publish_answers(CODE, actor=lead.user)
    assert (published.answers, published.unapproved) == (2, 0)
    carried = responses_for_kiosk("K1")
    by_key = {r["legal_key"]: r for r in carried if r["receipt_code"] is None}
    assert by_key["article:2"]["text"] == by_key["article:2/clause:2"]["text"] == "Điều 2 giữ như dự thảo."
    by_receipt = [r for r in carried if r["receipt_code"]]
    assert {r["text"] for r in by_receipt} == {"Tiếp thu: giữ 5 m."} and len(by_receipt) == 2  # K1's two members
    assert Comment.objects.filter(status=CommentStatus.PUBLISHED).count() == 4
    with pytest.raises(ValidationError):
        services.do_answer(consultation, actor=officer.user, outcome="accepted", text="x", legal_key="article:2")


def test_bulk_actions_are_audited_and_undone(centre, officer):
    consultation = seed()
    ids = list(Comment.objects.values_list("pk", flat=True))
    services.do_bulk(consultation, ids, "status", actor=officer.user, value="in_review")
    tagged = services.do_bulk(consultation, ids[:2], "tag", actor=officer.user, value="Chiều rộng")
    assigned = services.do_bulk(consultation, ids, "assign", actor=officer.user, value=officer.user)
    assert queue(consultation, {"tag": "Chiều rộng"}).count() == 2
    assert queue(consultation, {"assignee": "me"}, user=officer.user).count() == 5
    services.do_undo_bulk(assigned.pk, actor=officer.user)
    services.do_undo_bulk(tagged.pk, actor=officer.user)
    assert queue(consultation, {"tag": "Chiều rộng"}).count() == 0
    assert queue(consultation, {"assignee": "none"}).count() == 5
    assert queue(consultation, {"status": "in_review"}).count() == 5
    with pytest.raises(ValidationError):
        services.do_undo_bulk(tagged.pk, actor=officer.user)
    assert audited(EventType.BULK_ACTION) == 3 and audited(EventType.BULK_UNDONE) == 2


def test_chapter_default_assignee(centre, officer):
    consultation = seed()
    services.do_set_chapter_assignee(consultation, "", officer.user, actor=officer.user)
    assert queue(consultation, {"assignee": "me"}, user=officer.user).count() == 5
