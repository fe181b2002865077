"""The kiosk API's own state: the nonces of signed requests already seen."""

from __future__ import annotations

from django.db import models


class SeenNonce(models.Model):
    """A request nonce a kiosk already used: the same signed request again is refused (409).

    Kept until ``expires_at`` (the centre's clock): longer than the window of request
    times the API accepts, so a replay is caught either by this row or by the window.
    """

    kiosk_id = models.CharField(max_length=64)
    nonce = models.CharField(max_length=64)
    seen_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "api_seen_nonces"
        constraints = [models.UniqueConstraint(fields=["kiosk_id", "nonce"], name="one_use_per_nonce")]
