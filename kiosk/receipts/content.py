"""What a receipt and a day's report show, as plain values: light to import, no reportlab.

The screens build and show these; only printing needs the PDF renderers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kiosk.clock import DEFAULT_TIMEZONE
from kiosk.domain import Channel, Stance


@dataclass(frozen=True)
class ReceiptContent:
    """Everything printed on a receipt, already resolved to display values.

    It holds no personal data and no vote choice, by construction: the receipt
    leaves the office in the person's pocket, and shows that a vote was cast,
    never which.
    """

    commune_name: str
    kiosk_name: str
    created_at: datetime  # timezone-aware
    consultation_title: str
    items: tuple[tuple[str, Stance], ...]  # ("Điều 5. Phạm vi điều chỉnh", Stance.AGREE)
    question_count: int  # questions answered
    channel: Channel
    code: str  # the receipt code, grouped or not
    qr_payload: str
    status_hint: str  # how to check the answer later, in ``language``
    clerk_name: str = ""
    form_date: date | None = None  # the paper form's date, for Channel.PAPER
    language: str = "vi"
    timezone: str = DEFAULT_TIMEZONE
    ideas: tuple[tuple[str, str], ...] = ()  # (short reference, category): the ideas put forward
    support_count: int = 0  # ideas supported
    voted: bool = False


@dataclass(frozen=True)
class DailyReportRow:
    """One receipt issued that day."""

    code: str
    created_at: datetime  # timezone-aware
    consultation_title: str
    channel: Channel
    clerk: str = ""
