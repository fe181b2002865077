"""Reads of the drafting agency's responses: what each kiosk's package carries."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from centre.review.models import Response


def responses_for_kiosk(kiosk_id: str) -> list[dict[str, Any]]:
    """The responses to this kiosk's own submissions, and every per-article response."""
    rows = Response.objects.filter(Q(kiosk_id=kiosk_id) | Q(receipt_code__isnull=True)).order_by("id")
    return list(rows.values("consultation_code", "receipt_code", "legal_key", "status", "text"))
