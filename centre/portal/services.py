"""The portal's one write: a flag on a receipt, audited in the same transaction."""

from __future__ import annotations

from django.db import transaction

from centre.audit.models import EventType
from centre.audit.services import record
from centre.core import clock
from centre.portal.models import NOTE_MAX, Flag
from kiosk.text import clean


def do_flag_receipt(receipt_code: str, consultation_code: str, note: str = "", *, actor: object = None) -> Flag:
    """Store "I did not send this" for ``receipt_code`` (normalised) and record it in the audit log.

    The note is the flagger's own words and may hold personal data, so the
    audit event keeps its length only; the row keeps the words for the agency.
    """
    text = clean(note).strip()[:NOTE_MAX]
    # No public_cache.bump(): a flag changes no public page (it goes to the agency's queue), and a bump per flag would
    # let anyone empty every worker's kept pages ten times an hour per address.
    with transaction.atomic():
        flag = Flag.objects.create(receipt_code=receipt_code, consultation_code=consultation_code, flagged_at=clock.now(), note=text)
        record(
            EventType.PORTAL_FLAG,
            actor=actor,
            target_type="receipt",
            target_id=receipt_code,
            # actor None reads "(command line)" in the log's label: the extra says who it really was.
            extra={"consultation": consultation_code, "flag": flag.pk, "note_chars": len(text), "by": "anonymous portal visitor"},
        )
    return flag
