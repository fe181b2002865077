"""The drafting agency's responses: to one submission, or to an article for everyone who commented on it."""

from __future__ import annotations

from django.db import models


class ResponseStatus(models.TextChoices):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    NOT_ACCEPTED = "not_accepted"
    EXPLAINED = "explained"


class Response(models.Model):
    consultation_code = models.CharField(max_length=64)
    receipt_code = models.CharField(max_length=20, null=True, blank=True)
    legal_key = models.CharField(max_length=100, null=True, blank=True)
    kiosk_id = models.CharField(max_length=64, null=True, blank=True)
    status = models.CharField(max_length=20, choices=ResponseStatus.choices)
    text = models.TextField(blank=True)
    loaded_at = models.DateTimeField()

    class Meta:
        db_table = "responses"
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_code"], condition=models.Q(receipt_code__isnull=False), name="one_response_per_receipt"
            ),
            models.UniqueConstraint(
                fields=["consultation_code", "legal_key"], condition=models.Q(receipt_code__isnull=True), name="one_response_per_article"
            ),
        ]
