"""Check my receipt: what became of the feedback behind a receipt code.

A code typed by hand is read leniently (case, spaces, dashes, O for 0) and
its check character catches a typo before anything is looked up. Then the
submission is, in order of progress: stored on this kiosk, sent to the
centre (written into a batch), received by the centre (acknowledged), and
answered by the drafting agency: a response to this very submission, or to
an article it commented on.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from kiosk import canonical
from kiosk.consultations import ConsultationRepository
from kiosk.domain import SyncState
from kiosk.errors import NotFoundError
from kiosk.i18n import _
from kiosk.legal_key import label_for_key
from kiosk.receipt_code import group, normalise
from kiosk.storage.db import Store


class Progress(enum.StrEnum):
    STORED = "stored"  # on this kiosk only
    SENT = "sent"  # written into a batch for the centre
    RECEIVED = "received"  # the centre acknowledged it
    ANSWERED = "answered"  # the drafting agency responded


_BY_STATE = {SyncState.SEALED: Progress.STORED, SyncState.EXPORTED: Progress.SENT, SyncState.ACKED: Progress.RECEIVED}


@dataclass(frozen=True)
class AgencyResponse:
    status: str  # accepted / partly_accepted / not_accepted / explained
    text: str
    about: str  # "Điều 7", or "" for a response to the whole submission


@dataclass(frozen=True)
class ReceiptStatus:
    code: str  # grouped: 7K3M-9QXA-2FHD
    progress: Progress
    consultation_title: str
    created_at: datetime
    item_count: int
    answer_count: int
    responses: tuple[AgencyResponse, ...]
    idea_count: int = 0  # ideas put forward (a call for ideas)
    support_count: int = 0  # ideas supported
    voted: bool = False  # a vote was cast; which option is sealed for the centre


def progress_text(progress: Progress) -> str:
    """What the progress means, said plainly."""
    return {
        Progress.STORED: _("Your feedback is stored on this kiosk. It has not been sent to the centre yet."),
        Progress.SENT: _("Your feedback has been sent to the centre."),
        Progress.RECEIVED: _("The centre has received your feedback. The drafting agency has not answered yet."),
        Progress.ANSWERED: _("The drafting agency has answered."),
    }[progress]


def response_status_text(status: str) -> str:
    """The drafting agency's decision, as a person reads it."""
    return {
        "accepted": _("Accepted"),
        "partly_accepted": _("Partly accepted"),
        "not_accepted": _("Not accepted"),
        "explained": _("Explained"),
    }.get(status, status)


def check_receipt(store: Store, typed: str) -> ReceiptStatus:
    """The status of the submission behind the code ``typed``.

    :raises ValidationError: when ``typed`` is not a well-formed code or has a typo
    :raises NotFoundError: when no submission with this code is on this kiosk
    """
    code = normalise(typed)
    row = store.query_one("SELECT state, body FROM events WHERE receipt_code = ? AND kind = 'submission'", (code,))
    if row is None:
        raise NotFoundError(
            _("No feedback with the code {code} is stored on this kiosk. Please check the code on your receipt.").format(code=group(code))
        )
    event = canonical.loads(row["body"])
    consultation_code = event["consultation"]
    keys = {item["node_key"] for item in event["items"]}
    responses = []
    for response in store.query(
        "SELECT receipt_code, legal_key, status, text FROM responses WHERE consultation_code = ? ORDER BY id", (consultation_code,)
    ):
        receipt = "".join(response["receipt_code"].split()).replace("-", "").upper() if response["receipt_code"] else ""
        if receipt == code:
            responses.append(AgencyResponse(response["status"], response["text"], ""))
        elif not receipt and response["legal_key"] in keys:
            responses.append(AgencyResponse(response["status"], response["text"], label_for_key(response["legal_key"])))
    try:
        title = ConsultationRepository(store).get(consultation_code).title
    except NotFoundError:
        title = consultation_code
    progress = Progress.ANSWERED if responses else _BY_STATE[SyncState(row["state"])]
    return ReceiptStatus(
        code=group(code),
        progress=progress,
        consultation_title=title,
        created_at=datetime.fromisoformat(event["local_time"]),
        item_count=len(event["items"]),
        answer_count=len(event["answers"]),
        responses=tuple(responses),
        idea_count=len(event.get("ideas", [])),
        support_count=len(event.get("supports", [])),
        voted="vote" in event,
    )
