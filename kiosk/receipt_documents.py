"""From the store to paper: a stored submission's receipt, and the day's report.

Both are built from what is stored, so a receipt reprinted a week later is
the receipt printed that day. Neither holds personal data: it is sealed in
the store and the kiosk cannot read it back.
"""

from __future__ import annotations

from datetime import date, datetime

from kiosk import canonical, i18n
from kiosk.clock import DEFAULT_TIMEZONE
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Channel, Stance
from kiosk.errors import NotFoundError
from kiosk.i18n import N_, _
from kiosk.ideas import short_ref
from kiosk.legal_key import label_for_key
from kiosk.qr_code import DEFAULT_PORTAL
from kiosk.receipt_code import group, normalise
from kiosk.receipts import DailyReportRow, ReceiptContent, qr_payload
from kiosk.storage.db import Store


def _identity(store: Store) -> dict:
    return store.query_one("SELECT * FROM identity")


def _timezone(store: Store) -> str:
    return store.setting("timezone", DEFAULT_TIMEZONE) or DEFAULT_TIMEZONE


def receipt_content(store: Store, code: str, language: str) -> ReceiptContent:
    """What the receipt for ``code`` shows, in ``language``."""
    code = normalise(code)
    row = store.query_one("SELECT body FROM events WHERE receipt_code = ?", (code,))
    if row is None:
        raise NotFoundError(_("No feedback with this receipt code is stored on this kiosk."))
    event = canonical.loads(row["body"])
    repo = ConsultationRepository(store)
    consultation = repo.get(event["consultation"])
    items = []
    for item in event["items"]:
        node = repo.node(item["node_id"])
        items.append((label_for_key(node.legal_key, node.title), Stance(item["stance"])))
    identity = _identity(store)
    hint = i18n.translator(language)(
        N_(
            "Keep this receipt. To see what became of your opinion, enter the code at “Check my receipt” "
            "on this kiosk, or scan the QR code."
        )
    )
    return ReceiptContent(
        commune_name=identity["commune_name"],
        kiosk_name=identity["kiosk_name"] or identity["kiosk_id"][:8],
        created_at=datetime.fromisoformat(event["local_time"]),
        consultation_title=consultation.title,
        items=tuple(items),
        question_count=len(event["answers"]),
        channel=Channel(event["channel"]),
        code=group(code),
        qr_payload=qr_payload(store.setting("portal_url", DEFAULT_PORTAL) or DEFAULT_PORTAL, code),
        status_hint=hint,
        clerk_name=event["clerk"],
        form_date=date.fromisoformat(event["form_date"]) if event["form_date"] else None,
        language=language,
        timezone=_timezone(store),
        ideas=tuple((short_ref(idea["id"]), idea["category"]) for idea in event.get("ideas", [])),
        support_count=len(event.get("supports", [])),
        voted="vote" in event,  # the choice itself is sealed: there is nothing here to print
    )


def receipt_pdf(store: Store, code: str, *, size: str = "80mm", language: str = "vi") -> bytes:
    """The receipt for ``code`` as a one-page PDF."""
    from kiosk.receipts import render_receipt

    return render_receipt(receipt_content(store, code, language), size)


def daily_report_pdf(store: Store, day: date, *, language: str = "vi") -> bytes:
    """The report of the receipts issued on ``day`` (local time of the kiosk)."""
    titles = {c.code: c.title for c in ConsultationRepository(store).all()}
    rows = [
        DailyReportRow(
            code=group(row["receipt_code"]),
            created_at=datetime.fromisoformat(row["created_at"]),
            consultation_title=titles.get(row["consultation_code"], row["consultation_code"]),
            channel=Channel(row["channel"]),
            clerk=canonical.loads(row["body"])["clerk"],
        )
        for row in store.query(
            "SELECT receipt_code, created_at, consultation_code, channel, body FROM events"
            " WHERE kind = 'submission' AND substr(created_at, 1, 10) = ? ORDER BY epoch, seq",
            (day.isoformat(),),
        )
    ]
    identity = _identity(store)
    kiosk_name = identity["kiosk_name"] or identity["kiosk_id"][:8]
    from kiosk.receipts import render_daily_report

    return render_daily_report(identity["commune_name"], kiosk_name, day, rows, language, _timezone(store))


def poster_pdf(store: Store, code: str, *, size: str = "a4", language: str = "vi") -> bytes:
    """The notice-board poster of a closed consultation's results (see :mod:`kiosk.results`)."""
    from kiosk.receipts.poster import render_poster
    from kiosk.results import results_for

    return render_poster(results_for(store, code, language=language), size)
