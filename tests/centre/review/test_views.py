"""The console's pages: what they show, their htmx fragments, and refusals (403 + audit) by URL and by form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from centre.audit.models import AuditEvent, EventType
from centre.consultations.models import Consultation
from centre.review import services
from centre.review.models import Answer, Comment, CommentStatus, DuplicateGroup, GroupState
from tests.centre.review.conftest import CODE, batch, items
from tests.centre.staff import sign_in

pytestmark = [pytest.mark.centre, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _english(settings):
    """The words looked for below are the English ones: a request that names no language gets LANGUAGE_CODE's."""
    settings.LANGUAGE_CODE = "en"


CAMPAIGN = "Đề nghị giữ nguyên chiều rộng đường thôn là 5 mét."
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def seeded(centre):
    b = batch(
        "K1",
        [items(("article:2/clause:2", "disagree", CAMPAIGN)) for _ in range(3)]
        + [items(("article:2", "agree", "Đồng ý với Điều 2.")), items(("article:1", "other", "Phạm vi hẹp."))],
    )
    services.index_comments(b.pk)
    services.do_suggest_groups(CODE)
    return Consultation.objects.get(code=CODE)


def client_for(created) -> Client:
    client = Client()
    sign_in(client, created)
    return client


def refusals() -> int:
    return AuditEvent.objects.filter(event_type=EventType.ACCESS_REFUSED).count()


def url(name: str, *args) -> str:
    return reverse(f"review:{name}", args=[CODE, *args])


def test_pages_render_whole_and_as_fragments(seeded, officer):
    client = client_for(officer)
    comment = Comment.objects.filter(legal_key="article:2/clause:2").first()
    group = DuplicateGroup.objects.get()
    for name, args in (
        ("dashboard", ()),
        ("queue", ()),
        ("comment", (comment.pk,)),
        ("groups", ()),
        ("group", (group.pk,)),
        ("approval", ()),
    ):
        page = client.get(url(name, *args))
        assert page.status_code == 200, name
        assert b"<html" in page.content
    assert "review/queue.html" in [t.name for t in client.get(url("queue")).templates]
    fragment = client.get(url("queue") + "?q=chieu+rong", **HX)
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    assert next(t.name for t in fragment.templates) == "review/_queue_rows.html"
    assert "3 comments" in fragment.content.decode()
    article = client.get(url("queue") + "?article=article:2").content.decode()
    assert "4 comments" in article and "khoản 2 Điều 2" in article
    dashboard = client.get(url("dashboard")).content.decode()
    assert "<svg" in dashboard and "Điều 3. Hiệu lực" in dashboard  # nobody commented on it
    assert "&lt; 5" not in dashboard  # 5 individuals: shown
    assert b"<html" not in client.get(url("group", group.pk), **HX).content


def test_an_officers_answers_by_form_with_and_without_htmx(seeded, officer, lead):
    client = client_for(officer)
    group = DuplicateGroup.objects.get()
    assert client.post(url("group", group.pk), {"decision": "confirm"}).status_code == 302
    group.refresh_from_db()
    assert group.state == GroupState.CONFIRMED
    swapped = client.post(url("group", group.pk), {"decision": "answer", "outcome": "accepted", "text": "Tiếp thu."}, **HX)
    assert swapped.status_code == 200 and b"<html" not in swapped.content and "Tiếp thu." in swapped.content.decode()
    bad = client.post(url("answer-key"), {"legal_key": "article:2", "outcome": "accepted", "text": ""}, **HX)
    assert bad.status_code == 400
    assert client.post(url("answer-key"), {"legal_key": "article:2", "outcome": "explained", "text": "Giữ Điều 2."}).status_code == 302
    comment = Comment.objects.get(article_key="article:1")
    page = client.post(url("comment", comment.pk), {"outcome": "not_accepted", "text": "Phạm vi đã đủ."}, **HX)
    assert page.status_code == 200 and b"Ph\xe1\xba\xa1m vi \xc4\x91\xc3\xa3 \xc4\x91\xe1\xbb\xa7." in page.content
    assert Comment.objects.filter(status=CommentStatus.ANSWERED).count() == 5
    # the officer cannot approve; the lead can, then publishes
    before = refusals()
    assert client.post(url("approval"), {"decision": "publish"}).status_code == 403
    assert refusals() == before + 1
    lead_client = client_for(lead)
    ids = list(Answer.objects.values_list("pk", flat=True))
    assert lead_client.post(url("approval"), {"decision": "approve", "answer": ids}).status_code == 200
    published = lead_client.post(url("approval"), {"decision": "publish"})
    assert "3 answers published" in published.content.decode()
    assert Comment.objects.filter(status=CommentStatus.PUBLISHED).count() == 5
    report = client.get(url("report"))
    assert report.status_code == 200 and report["Content-Disposition"].endswith('.docx"')


def test_bulk_action_and_undo_by_form(seeded, officer):
    client = client_for(officer)
    ids = list(Comment.objects.values_list("pk", flat=True))
    done = client.post(url("bulk"), {"comment": ids, "action": "assign", "value": "me", "query": ""})
    assert done.status_code == 302 and "undo=" in done["Location"]
    assert Comment.objects.filter(assignee=officer.user).count() == 5
    mine = client.get(url("queue") + "?assignee=me", **HX).content.decode()
    assert "5 comments" in mine
    bulk_id = int(done["Location"].rsplit("undo=", 1)[1])
    assert client.post(url("undo", bulk_id)).status_code == 302
    assert Comment.objects.filter(assignee__isnull=True).count() == 5


def test_another_agency_is_refused_by_url_and_by_form(seeded, other_officer):
    client = client_for(other_officer)
    comment = Comment.objects.first()
    before = refusals()
    for path in (url("dashboard"), url("queue"), url("comment", comment.pk), url("report")):
        assert client.get(path).status_code == 403
        assert client.get(path, **HX).status_code == 403
    assert client.post(url("comment", comment.pk), {"outcome": "accepted", "text": "x"}).status_code == 403
    assert client.post(url("bulk"), {"comment": [comment.pk], "action": "status", "value": "in_review"}).status_code == 403
    assert refusals() == before + 10
    assert not Answer.objects.exists()
    assert CODE not in client.get(reverse("review:index")).content.decode()


def test_an_auditor_reads_and_changes_nothing(seeded, auditor):
    client = client_for(auditor)
    comment = Comment.objects.first()
    group = DuplicateGroup.objects.get()
    assert client.get(url("dashboard")).status_code == 200
    page = client.get(url("comment", comment.pk)).content.decode()
    assert "Save the answer" not in page
    before = refusals()
    assert client.post(url("comment", comment.pk), {"outcome": "accepted", "text": "x"}).status_code == 403
    assert client.post(url("group", group.pk), {"decision": "confirm"}).status_code == 403
    assert client.post(url("approval"), {"decision": "publish"}).status_code == 403
    assert client.post(url("suggest")).status_code == 403
    assert refusals() == before + 4
    assert not Answer.objects.exists() and DuplicateGroup.objects.get().state == GroupState.SUGGESTED


def test_signed_out_goes_to_sign_in(seeded):
    client = Client()
    assert client.get(url("dashboard")).status_code == 302
    assert client.get(url("queue"), **HX)["HX-Redirect"].startswith(reverse("accounts:sign-in"))


def test_a_consultation_too_large_to_group_in_a_page_names_the_command_instead(seeded, officer, monkeypatch):
    monkeypatch.setattr(services, "ONLINE_GROUPING_LIMIT", 1)
    before = DuplicateGroup.objects.count()
    page = client_for(officer).post(url("suggest"))
    assert page.status_code == 400
    assert f"gopy central group --consultation {CODE}" in page.content.decode()
    assert DuplicateGroup.objects.count() == before  # nothing dismissed or suggested
