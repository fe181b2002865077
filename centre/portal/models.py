"""The portal's one table: "I did not send this", said about a receipt by anyone who holds its code.

No address, no cookie, no name: the flag names a receipt, when, and what its
sender chose to add. It goes to the drafting agency's queue (ACUS 2021 on
mass and falsely attributed comments); the comment itself is never changed.
"""

from __future__ import annotations

from django.db import models

NOTE_MAX = 500


class Flag(models.Model):
    receipt_code = models.CharField(max_length=20, db_index=True)  # normalised, ungrouped
    consultation_code = models.CharField(max_length=64, db_index=True)  # the agency's queue is per consultation
    flagged_at = models.DateTimeField()
    note = models.CharField(max_length=NOTE_MAX, blank=True)

    class Meta:
        db_table = "portal_flags"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.receipt_code} {self.flagged_at:%Y-%m-%d}"
