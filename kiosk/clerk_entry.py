"""Feedback a clerk enters: with a resident at the counter ("assisted"), or from a paper form ("paper").

The clerk composes it in a :class:`~kiosk.visit.Visit`, like a villager,
one stance and comment per article; :func:`staff_form` makes the form the
submission service stores, with the clerk on record (and on the receipt),
for paper the date written on the form, and who is giving the feedback
(a :class:`~kiosk.domain.ContributorType`) when the resident says it or
the form does. Before sending, the clerk reads the entry back to the
resident (:func:`read_back`).
"""

from __future__ import annotations

import calendar
import dataclasses
from dataclasses import dataclass
from datetime import date

from kiosk.consultations import ConsultationRepository, StoredNode
from kiosk.domain import Channel, Consultation, ConsultationKind, ConsultationStatus, ContributorType, NodeKind, Stance
from kiosk.errors import ValidationError
from kiosk.feedback import FeedbackForm
from kiosk.i18n import _
from kiosk.storage.db import Store
from kiosk.text import clean_line
from kiosk.visit import Visit

EARLIEST_YEAR = 2000


def entry_consultations(store: Store) -> list[Consultation]:
    """The consultations a clerk can enter comments for: open drafts, soonest to close first.

    Whether the day of the feedback falls within the consultation's period
    is the submission service's check: a paper form may be dated earlier.
    """
    return [
        c
        for c in ConsultationRepository(store).all()
        if c.status == ConsultationStatus.OPEN and ConsultationKind(c.kind) == ConsultationKind.DRAFT
    ]


def articles(store: Store, code: str) -> list[StoredNode]:
    """The articles of the consultation's current draft, in document order: what a paper form lists."""
    repo = ConsultationRepository(store)
    draft_id = repo.current_draft_id(code)
    if draft_id is None:
        return []
    return [node for node in repo.nodes(draft_id) if node.kind == NodeKind.ARTICLE]


def staff_form(
    visit: Visit,
    channel: Channel,
    clerk: str,
    *,
    form_date: date | None = None,
    locale: str = "vi",
    contributor_type: str = "",
) -> FeedbackForm:
    """The form to submit for feedback a clerk entered.

    :param contributor_type: a :class:`~kiosk.domain.ContributorType` value
        when the resident said who is giving the feedback (or the paper form
        says it); "" when not said, which the centre counts as an individual's
    :raises ValidationError: for a channel other than assisted or paper, a
        missing clerk, a paper form without its date, or a contributor type
        the report does not know
    """
    if channel not in (Channel.ASSISTED, Channel.PAPER):
        raise ValidationError(_("A clerk enters feedback with a resident or from a paper form."))
    if not clean_line(clerk):
        raise ValidationError(_("Feedback entered with a resident needs the clerk's name."))
    if channel == Channel.PAPER and form_date is None:
        raise ValidationError(_("A paper form needs the date written on it."))
    if contributor_type and contributor_type not in {t.value for t in ContributorType}:
        raise ValidationError(_("Choose who is giving the feedback from the list, or choose nothing."))
    return dataclasses.replace(
        visit.to_form(locale),
        channel=channel,
        clerk=clean_line(clerk),
        form_date=form_date if channel == Channel.PAPER else None,
        contributor_type=contributor_type,
    )


@dataclass(frozen=True)
class ReadBackLine:
    """One comment as the clerk reads it back: the article, the stance, the comment."""

    label: str
    stance: Stance
    comment: str


def read_back(store: Store, form: FeedbackForm) -> list[ReadBackLine]:
    """The comments of ``form`` in document order, named as the draft names them."""
    repo = ConsultationRepository(store)
    nodes = [(repo.node(item.node_id), item) for item in form.items]
    nodes.sort(key=lambda pair: pair[0].position)
    return [ReadBackLine(node.label(), Stance(item.stance), item.comment) for node, item in nodes]


def shift_date(day: date, part: str, delta: int, *, latest: date) -> date:
    """``day`` with its ``part`` ("day", "month" or "year") moved by ``delta``, for the date picker.

    The day of the month is kept within the month (31 January + 1 month is
    28 or 29 February); the result is never after ``latest`` (a paper form
    is not dated in the future) nor before :data:`EARLIEST_YEAR`.

    :raises ValueError: for another ``part``
    """
    year, month, dom = day.year, day.month, day.day
    if part == "day":
        moved = date.fromordinal(day.toordinal() + delta)
    elif part == "month":
        index = year * 12 + (month - 1) + delta
        year, month = divmod(index, 12)
        month += 1
        moved = date(year, month, min(dom, calendar.monthrange(year, month)[1])) if year >= EARLIEST_YEAR else date(EARLIEST_YEAR, 1, 1)
    elif part == "year":
        year += delta
        moved = date(year, month, min(dom, calendar.monthrange(year, month)[1])) if year >= EARLIEST_YEAR else date(EARLIEST_YEAR, 1, 1)
    else:
        raise ValueError(f"unknown date part {part!r}")
    return min(max(moved, date(EARLIEST_YEAR, 1, 1)), latest)
