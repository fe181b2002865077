"""Feedback a clerk enters: with the clerk on record, the paper form's date, read back in the draft's order."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest

from kiosk import canonical
from kiosk.clerk_entry import EARLIEST_YEAR, articles, entry_consultations, read_back, shift_date, staff_form
from kiosk.domain import Channel, ConsultationStatus, Stance
from kiosk.errors import ValidationError
from kiosk.receipt_documents import receipt_content
from kiosk.submissions import SubmissionService
from kiosk.visit import Visit
from tests.conftest import NOW, add_consultation, article_id

TODAY = NOW.date()


def _visit(store) -> Visit:
    visit = Visit()
    visit.start("TEST-1", [])
    visit.set_item(article_id(store, "article:3"), Stance.OTHER, "Hiệu lực sau 30 ngày")
    visit.set_item(article_id(store, "article:1"), Stance.AGREE)
    return visit


def test_open_drafts_are_offered_with_their_articles(store):
    add_consultation(store, "OLD-1", status=ConsultationStatus.CLOSED)
    assert [c.code for c in entry_consultations(store)] == ["TEST-1"]
    assert [n.legal_key for n in articles(store, "TEST-1")] == ["article:1", "article:2", "article:3"]


def test_assisted_feedback_carries_the_clerk_onto_the_receipt(store):
    form = staff_form(_visit(store), Channel.ASSISTED, "Trần Văn Nam", form_date=date(2026, 11, 1))
    assert (form.channel, form.clerk, form.form_date) == (Channel.ASSISTED, "Trần Văn Nam", None)
    receipt = SubmissionService(store, lambda: NOW).submit(form).receipt
    body = canonical.loads(store.query_one("SELECT body FROM events")["body"])
    assert (body["channel"], body["clerk"]) == ("assisted", "Trần Văn Nam")
    assert receipt_content(store, receipt.code, "vi").clerk_name == "Trần Văn Nam"


def test_a_paper_form_keeps_its_date(store):
    form = staff_form(_visit(store), Channel.PAPER, "Trần Văn Nam", form_date=date(2026, 11, 20))
    SubmissionService(store, lambda: NOW).submit(form)
    body = canonical.loads(store.query_one("SELECT body FROM events")["body"])
    assert (body["channel"], body["form_date"]) == ("paper", "2026-11-20")


@pytest.mark.parametrize(
    ("channel", "clerk", "day"),
    [(Channel.SELF, "Nam", None), (Channel.ASSISTED, "  ", None), (Channel.PAPER, "Nam", None)],
    ids=["not a clerk's channel", "no clerk", "paper without date"],
)
def test_incomplete_staff_forms_are_refused(store, channel, clerk, day):
    with pytest.raises(ValidationError):
        staff_form(_visit(store), channel, clerk, form_date=day)


def test_the_read_back_follows_the_draft_not_the_order_of_entry(store):
    lines = read_back(store, staff_form(_visit(store), Channel.ASSISTED, "Nam"))
    assert [(line.label, line.stance, line.comment) for line in lines] == [
        ("Điều 1. Phạm vi điều chỉnh", Stance.AGREE, ""),
        ("Điều 3. Hiệu lực thi hành", Stance.OTHER, "Hiệu lực sau 30 ngày"),
    ]


class Step(NamedTuple):
    name: str
    day: date
    part: str
    delta: int
    expected: date


STEPS = [
    Step("next day", date(2026, 11, 20), "day", 1, date(2026, 11, 21)),
    Step("previous day across a month", date(2026, 11, 1), "day", -1, date(2026, 10, 31)),
    Step("31 January plus a month", date(2026, 1, 31), "month", 1, date(2026, 2, 28)),
    Step("a month back across a year", date(2026, 1, 15), "month", -1, date(2025, 12, 15)),
    Step("29 February a year back", date(2024, 2, 29), "year", -1, date(2023, 2, 28)),
    Step("never in the future", date(2026, 11, 23), "day", 1, date(2026, 11, 23)),
    Step("a month ahead is clamped to today", date(2026, 11, 10), "month", 1, date(2026, 11, 23)),
    Step("not before the earliest year", date(EARLIEST_YEAR, 1, 5), "year", -1, date(EARLIEST_YEAR, 1, 1)),
]


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.name)
def test_the_date_picker_moves_one_part_at_a_time(step):
    assert shift_date(step.day, step.part, step.delta, latest=TODAY) == step.expected


def test_an_unknown_date_part_is_a_bug():
    with pytest.raises(ValueError, match="part"):
        shift_date(TODAY, "week", 1, latest=TODAY)
