"""Who is giving feedback a clerk entered (issue 18, item 5): said by the resident or written on the paper form,
it reaches the stored submission; not said, it is left out."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk import canonical
from kiosk.clerk_entry import staff_form
from kiosk.domain import Channel, ContributorType, Stance
from kiosk.errors import ValidationError
from kiosk.submissions import SubmissionService
from kiosk.visit import Visit
from tests.conftest import NOW, article_id


def _visit(store) -> Visit:
    visit = Visit()
    visit.start("TEST-1", [])
    visit.set_item(article_id(store, "article:1"), Stance.AGREE)
    return visit


def _body(store) -> dict:
    return canonical.loads(store.query_one("SELECT body FROM events ORDER BY seq DESC LIMIT 1")["body"])


@pytest.mark.parametrize("channel", [Channel.ASSISTED, Channel.PAPER], ids=lambda c: c.value)
def test_the_contributor_type_said_reaches_the_stored_submission(store, channel):
    form = staff_form(_visit(store), channel, "Trần Văn Nam", form_date=date(2026, 11, 20), contributor_type=ContributorType.BUSINESS)
    assert form.contributor_type == "business"
    SubmissionService(store, lambda: NOW).submit(form)
    body = _body(store)
    assert (body["channel"], body["contributor_type"]) == (channel.value, "business")


def test_not_said_it_is_left_out(store):
    form = staff_form(_visit(store), Channel.ASSISTED, "Trần Văn Nam")
    assert form.contributor_type == ""
    SubmissionService(store, lambda: NOW).submit(form)
    assert "contributor_type" not in _body(store)


def test_a_type_the_report_does_not_know_is_refused(store):
    with pytest.raises(ValidationError):
        staff_form(_visit(store), Channel.ASSISTED, "Trần Văn Nam", contributor_type="neighbour")
