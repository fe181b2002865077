"""Merging groups (with undo), choosing a group's representative text, and the default assignee per chapter.

Services first, then their pages: behaviour, and refusals by URL and by form (403 + an audit event)
for an officer of another agency, an auditor, and an officer where only a lead may act.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from centre.audit.models import AuditEvent, EventType
from centre.consultations.models import Consultation
from centre.consultations.services import do_publish
from centre.review import services
from centre.review.models import BulkAction, Comment, DuplicateGroup, GroupKind, GroupState
from centre.review.selectors import chapter_assignees, queue
from kiosk.errors import NotFoundError, ValidationError
from tests.centre.fleet_seed import consultation_file
from tests.centre.review.conftest import CODE, batch, items
from tests.centre.staff import sign_in

pytestmark = [pytest.mark.centre, pytest.mark.django_db]

WIDTH = "Đề nghị giữ nguyên chiều rộng đường thôn là 5 mét, không thu hẹp."
WIDTH_BARE = "de nghi giu nguyen chieu rong duong thon la 5 met khong thu hep"
LIGHTS = "Cần lắp đèn chiếu sáng dọc đường thôn trước Tết."
SCOPE = "Phạm vi điều chỉnh nên gồm cả đường nội đồng của thôn."
CHAPTERED = "TN-CHUONG"
CHAPTER_DRAFT = """ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM
DỰ THẢO
QUY CHẾ
Quản lý đường thôn

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc quản lý đường thôn.

Điều 2. Trách nhiệm
1. Trưởng thôn tổ chức thực hiện.
2. Người dân giữ gìn đường.

Chương II
TỔ CHỨC THỰC HIỆN

Điều 3. Hiệu lực
Quy chế có hiệu lực kể từ ngày ký.
"""


@pytest.fixture(autouse=True)
def _english_pages(settings):
    settings.LANGUAGE_CODE = "en"


def audited(kind: EventType) -> int:
    return AuditEvent.objects.filter(event_type=kind).count()


def refusals() -> int:
    return audited(EventType.ACCESS_REFUSED)


@pytest.fixture
def grouped(centre):
    """Three suggested groups: two on article 2 (the width campaign, the lights campaign), one on article 1."""
    b = batch(
        "K1",
        [items(("article:2/clause:2", "disagree", WIDTH)) for _ in range(3)]
        + [items(("article:2/clause:2", "disagree", WIDTH_BARE))]
        + [items(("article:2", "other", LIGHTS)) for _ in range(2)]
        + [items(("article:1", "other", SCOPE)) for _ in range(2)]
        + [items(("article:2", "agree", "Đồng ý với Điều 2."))],
    )
    services.index_comments(b.pk)
    assert services.do_suggest_groups(CODE) == 3
    return Consultation.objects.get(code=CODE)


def the_group(text: str) -> DuplicateGroup:
    return DuplicateGroup.objects.exclude(state=GroupState.DISMISSED).filter(members__text=text).distinct().get()


# ---------------------------------------------------------------- services


def test_merging_keeps_every_member_and_is_undone(grouped, officer):
    width, lights = the_group(WIDTH), the_group(LIGHTS)
    before = {c.pk: c.group_id for c in Comment.objects.all()}
    merged = services.do_merge_groups([width.pk, lights.pk], actor=officer.user, into=lights.pk, consultation=grouped)
    assert merged.group.pk == lights.pk and merged.group.members.count() == 6
    assert merged.group.state == GroupState.CONFIRMED and merged.group.kind == GroupKind.NEAR
    width.refresh_from_db()
    assert width.state == GroupState.DISMISSED and width.members.count() == 0
    assert Comment.objects.count() == 9  # nothing deleted
    assert merged.undo.action == "merge" and audited(EventType.GROUPS_MERGED) == 1
    services.do_undo_bulk(merged.undo.pk, actor=officer.user, consultation=grouped)
    assert {c.pk: c.group_id for c in Comment.objects.all()} == before
    width.refresh_from_db()
    lights.refresh_from_db()
    assert (width.state, lights.state) == (GroupState.SUGGESTED, GroupState.SUGGESTED)
    assert lights.kind == GroupKind.EXACT and lights.decided_by is None
    assert audited(EventType.BULK_UNDONE) == 1
    with pytest.raises(ValidationError):
        services.do_undo_bulk(merged.undo.pk, actor=officer.user)


def test_a_merge_is_refused_when_it_would_lose_something(grouped, officer):
    width, lights, scope = the_group(WIDTH), the_group(LIGHTS), the_group(SCOPE)
    with pytest.raises(ValidationError, match="two or more"):
        services.do_merge_groups([width.pk], actor=officer.user)
    with pytest.raises(ValidationError, match="same article"):
        services.do_merge_groups([width.pk, scope.pk], actor=officer.user)
    services.do_answer(grouped, actor=officer.user, outcome="accepted", text="Tiếp thu.", group_id=lights.pk)
    with pytest.raises(ValidationError, match=f"#{lights.pk} has its own answer"):
        services.do_merge_groups([width.pk, lights.pk], actor=officer.user, into=width.pk)
    merged = services.do_merge_groups([width.pk, lights.pk], actor=officer.user, into=lights.pk)
    assert merged.group.members.count() == 6
    # the group changed since (a member taken out): the merge is no longer undone, splitting is the way back
    services.do_split_group(lights.pk, [the_member(lights, WIDTH)], actor=officer.user)
    with pytest.raises(ValidationError, match="changed after the merge"):
        services.do_undo_bulk(merged.undo.pk, actor=officer.user)
    other = Consultation.objects.exclude(pk=grouped.pk).first()
    with pytest.raises(NotFoundError):
        services.do_undo_bulk(merged.undo.pk, actor=officer.user, consultation=other or Consultation(pk=0))
    assert not AuditEvent.objects.filter(event_type=EventType.BULK_UNDONE).exists()


def the_member(group: DuplicateGroup, text: str) -> int:
    return group.members.filter(text=text).values_list("pk", flat=True).first()


def test_the_representative_text_is_one_of_the_members(grouped, officer):
    width = the_group(WIDTH)
    bare = the_member(width, WIDTH_BARE)
    services.do_confirm_group(width.pk, actor=officer.user, representative_id=bare)
    width.refresh_from_db()
    assert width.representative_id == bare and width.state == GroupState.CONFIRMED
    event = AuditEvent.objects.filter(event_type=EventType.GROUP_CONFIRMED).latest("seq")
    assert f'"representative":{bare}' in event.extra
    with pytest.raises(ValidationError):
        services.do_confirm_group(width.pk, actor=officer.user, representative_id=the_member(the_group(LIGHTS), LIGHTS))


def test_a_merge_is_not_undone_once_its_group_was_decided_again(grouped, officer):
    width, lights = the_group(WIDTH), the_group(LIGHTS)
    merged = services.do_merge_groups([width.pk, lights.pk], actor=officer.user)
    services.do_confirm_group(width.pk, actor=officer.user, representative_id=the_member(width, LIGHTS))  # a moment later
    with pytest.raises(ValidationError, match="changed after the merge"):
        services.do_undo_bulk(merged.undo.pk, actor=officer.user)


@pytest.fixture
def chaptered(centre, tmp_path):
    path = consultation_file(tmp_path / "chuong", code=CHAPTERED)
    (path.parent / "du-thao.md").write_text(CHAPTER_DRAFT, encoding="utf-8")
    do_publish(path, agency_code="BTP")
    b = batch(
        "K2",
        [items(("article:2/clause:1", "agree", "Đồng ý.")), items(("article:3", "disagree", "Hiệu lực quá sớm."))],
        code=CHAPTERED,
    )
    services.index_comments(b.pk)
    return Consultation.objects.get(code=CHAPTERED)


def test_a_chapters_default_assignee_gets_its_comments(chaptered, officer, lead, other_officer, auditor):
    assert [(r["key"], r["title"]) for r in chapter_assignees(chaptered)] == [
        ("chapter:I", "QUY ĐỊNH CHUNG"),
        ("chapter:II", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert services.do_set_chapter_assignees(chaptered, {"chapter:I": officer.user, "chapter:II": None}, actor=lead.user) == 1
    mine = queue(chaptered, {"assignee": "me"}, user=officer.user)
    assert [c.legal_key for c in mine] == ["article:2/clause:1"]
    later = batch("K2", [items(("article:1", "other", "Phạm vi rộng."))], code=CHAPTERED, first_seq=10)
    services.index_comments(later.pk)
    assert queue(chaptered, {"assignee": "me"}, user=officer.user).count() == 2  # comments indexed later too
    assert queue(chaptered, {"assignee": "none"}).count() == 1  # chapter II: nobody
    for wrong in (other_officer.user, auditor.user):
        with pytest.raises(ValidationError, match="officer or a lead"):
            services.do_set_chapter_assignee(chaptered, "chapter:II", wrong, actor=lead.user)
    with pytest.raises(ValidationError, match="no chapter"):
        services.do_set_chapter_assignee(chaptered, "chapter:IX", officer.user, actor=lead.user)
    assert audited(EventType.REVIEW_SETTINGS_CHANGED) == 1


# ---------------------------------------------------------------- pages

HX = {"HTTP_HX_REQUEST": "true"}


def client_for(created) -> Client:
    client = Client()
    sign_in(client, created)
    return client


def url(name: str, *args, code: str = CODE) -> str:
    return reverse(f"review:{name}", args=[code, *args])


def test_merge_page_merges_by_form_and_the_group_page_undoes(grouped, officer):
    client = client_for(officer)
    width, lights = the_group(WIDTH), the_group(LIGHTS)
    listing = client.get(url("groups") + "?article=article:2").content.decode()
    assert f'name="group" value="{width.pk}"' in listing and "Merge the selected groups" in listing
    assert f'value="{the_group(SCOPE).pk}"' not in listing  # filtered to article 2
    page = client.get(url("merge") + f"?group={width.pk}&group={lights.pk}")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'name="into" value="{width.pk}" id="into-{width.pk}" checked' in body  # the largest is kept by default
    assert "Merge into one group" in body
    done = client.post(url("merge"), {"group": [width.pk, lights.pk], "into": width.pk})
    assert done.status_code == 302 and done["Location"].startswith(url("group", width.pk) + "?merged=")
    assert the_group(LIGHTS).pk == width.pk and width.members.count() == 6
    shown = client.get(done["Location"]).content.decode()
    assert "Undo the merge" in shown
    undo_id = int(done["Location"].rsplit("=", 1)[1])
    back = client.post(url("undo", undo_id))
    assert back.status_code == 302 and back["Location"] == url("groups") + "?undone=1"
    assert the_group(LIGHTS).pk == lights.pk
    assert "Undo the merge" not in client.get(done["Location"]).content.decode()  # undone: no button any more
    assert client.post(url("undo", undo_id)).status_code == 400


def test_merge_page_explains_a_refusal(grouped, officer):
    client = client_for(officer)
    width, scope = the_group(WIDTH), the_group(SCOPE)
    refused = client.post(url("merge"), {"group": [width.pk, scope.pk], "into": width.pk})
    assert refused.status_code == 400 and "same article" in refused.content.decode()
    assert client.get(url("merge") + f"?group={width.pk}").content.decode().count("Choose two or more groups") == 1
    assert the_group(SCOPE).pk == scope.pk


def test_representative_page_chooses_among_the_wordings(grouped, officer):
    client = client_for(officer)
    width = the_group(WIDTH)
    group_page = client.get(url("group", width.pk)).content.decode()
    assert url("representative", width.pk) in group_page
    page = client.get(url("representative", width.pk)).content.decode()
    assert WIDTH in page and WIDTH_BARE in page and "3 comments with this wording" in page
    bare = the_member(width, WIDTH_BARE)
    done = client.post(url("representative", width.pk), {"representative": bare})
    assert done.status_code == 302 and done["Location"] == url("group", width.pk)
    width.refresh_from_db()
    assert width.representative_id == bare and width.state == GroupState.CONFIRMED
    outsider = the_member(the_group(LIGHTS), LIGHTS)
    refused = client.post(url("representative", width.pk), {"representative": outsider})
    assert refused.status_code == 400 and "must be one of the group" in refused.content.decode()


def test_assignees_page_a_lead_sets_an_officer_reads(chaptered, officer, lead):
    lead_client = client_for(lead)
    page = lead_client.get(url("assignees", code=CHAPTERED)).content.decode()
    assert "Chương I. QUY ĐỊNH CHUNG" in page and "Chương II. TỔ CHỨC THỰC HIỆN" in page
    assert f'<option value="{officer.user.pk}">' in page
    saved = lead_client.post(url("assignees", code=CHAPTERED), {"chapter-chapter:I": officer.user.pk, "chapter-chapter:II": ""})
    assert saved.status_code == 302 and saved["Location"].endswith("?saved=1")
    assert "1 chapter changed." in lead_client.get(saved["Location"]).content.decode()
    officer_client = client_for(officer)
    mine = officer_client.get(url("queue", code=CHAPTERED) + "?assignee=me", **HX).content.decode()
    assert "1 comment" in mine and "Đồng ý." in mine
    read_only = officer_client.get(url("assignees", code=CHAPTERED)).content.decode()
    assert "<select" not in read_only and officer.user.username in read_only
    before = refusals()
    assert officer_client.post(url("assignees", code=CHAPTERED), {"chapter-chapter:II": officer.user.pk}).status_code == 403
    assert refusals() == before + 1
    bad = lead_client.post(url("assignees", code=CHAPTERED), {"chapter-chapter:II": "999999"})
    assert bad.status_code == 400
    assert audited(EventType.REVIEW_SETTINGS_CHANGED) == 1


def test_the_new_pages_refuse_another_agency_and_an_auditor(grouped, chaptered, other_officer, auditor):
    width, lights = the_group(WIDTH), the_group(LIGHTS)
    merge_form = {"group": [width.pk, lights.pk], "into": width.pk}
    stranger, reader = client_for(other_officer), client_for(auditor)
    before = refusals()
    for path in (url("merge") + f"?group={width.pk}&group={lights.pk}", url("representative", width.pk), url("assignees", code=CHAPTERED)):
        assert stranger.get(path).status_code == 403
    assert stranger.post(url("merge"), merge_form).status_code == 403
    assert stranger.post(url("representative", width.pk), {"representative": the_member(width, WIDTH_BARE)}).status_code == 403
    assert stranger.post(url("assignees", code=CHAPTERED), {"chapter-chapter:I": other_officer.user.pk}).status_code == 403
    assert stranger.post(url("undo", 1)).status_code == 403
    assert refusals() == before + 7
    # the auditor reads the assignees but opens no form that changes anything
    assert reader.get(url("assignees", code=CHAPTERED)).status_code == 200
    for path in (url("merge") + f"?group={width.pk}&group={lights.pk}", url("representative", width.pk)):
        assert reader.get(path).status_code == 403
    assert reader.post(url("merge"), merge_form).status_code == 403
    assert reader.post(url("assignees", code=CHAPTERED), {"chapter-chapter:I": ""}).status_code == 403
    assert reader.post(url("group", width.pk), {"decision": "split"}).status_code == 403
    assert refusals() == before + 12
    events = AuditEvent.objects.filter(event_type=EventType.ACCESS_REFUSED).order_by("-seq")[:12]
    assert {e.actor_id for e in events} == {other_officer.user.pk, auditor.user.pk}
    assert the_group(WIDTH).pk == width.pk and the_group(LIGHTS).pk == lights.pk
    assert not BulkAction.objects.exists() and audited(EventType.REVIEW_SETTINGS_CHANGED) == 0
    assert DuplicateGroup.objects.filter(state=GroupState.CONFIRMED).count() == 0


def test_undo_of_another_consultations_action_is_not_found(grouped, chaptered, officer):
    width, lights = the_group(WIDTH), the_group(LIGHTS)
    merged = services.do_merge_groups([width.pk, lights.pk], actor=officer.user)
    client = client_for(officer)
    assert client.post(url("undo", merged.undo.pk, code=CHAPTERED)).status_code == 404
    assert BulkAction.objects.get().undone_at is None


def test_a_large_groups_page_shows_its_members_a_page_at_a_time(centre, officer):
    """A campaign's group may hold a hundred thousand members: its page is paged, its count and flags are whole."""
    services.index_comments(batch("K1", [items(("article:2", "disagree", WIDTH)) for _ in range(60)]).pk)
    assert services.do_suggest_groups(CODE) == 1
    group = the_group(WIDTH)
    client = client_for(officer)
    first = client.get(url("group", group.pk)).content.decode()
    assert first.count('name="comment"') == 50 and "60 comments" in first
    assert "a burst from one kiosk" in first and "many communes" not in first
    next_url = re.search(r'href="(\?after=\d+)"', first).group(1)
    second = client.get(url("group", group.pk) + next_url).content.decode()
    assert second.count('name="comment"') == 10 and "Next page" not in second and "First page" in second
    shown = {int(pk) for page in (first, second) for pk in re.findall(r'name="comment" value="(\d+)"', page)}
    assert shown == set(group.members.values_list("pk", flat=True))
