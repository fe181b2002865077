"""The audit log: one row per change, chained by hashes like the kiosk's events."""

from __future__ import annotations

import enum

from django.conf import settings
from django.db import models


@enum.unique
class EventType(enum.IntEnum):
    """What happened. One range per app: 1xx accounts, 2xx fleet, 3xx ingest, 4xx consultations, 5xx review, 9xx security."""

    USER_CREATED = 101
    USER_SIGNED_IN = 102
    USER_SIGNED_OUT = 103
    USER_LOCKED_OUT = 104
    OTP_DEVICE_CONFIRMED = 105
    CENTRE_INITIALISED = 200
    KIOSK_ENROLLED = 201
    KIOSK_REENROLLED = 202
    KIOSK_KEY_BOUND = 203
    KIOSK_KEY_REVOKED = 204
    ENROLMENT_SPENT = 205
    PACKAGE_ISSUED = 206
    ALARM_RAISED = 207
    BATCH_APPLIED = 301
    BATCH_HELD = 302
    BATCH_QUARANTINED = 303
    BATCH_RELEASED = 304
    FILE_REFUSED = 305
    BATCH_ALREADY = 306
    CONSULTATION_PUBLISHED = 401
    CONSULTATION_CLOSED = 402
    RESPONSES_LOADED = 501
    REPORT_WRITTEN = 502
    ACCESS_REFUSED = 901
    PORTAL_FLAG = 601  # the public portal: someone says "I did not send this" about a receipt
    API_REQUEST_REFUSED = 701  # the kiosk API refused a request: unsigned, unknown or foreign key, replayed, too large
    API_RATE_LIMITED = 702  # the kiosk API refused a kiosk for too many requests (recorded once a minute)
    COMMENTS_INDEXED = 503  # the console's comment index built for a batch or a consultation
    GROUPS_SUGGESTED = 504  # the software suggested duplicate groups (advisory)
    GROUP_CONFIRMED = 505
    GROUP_SPLIT = 506
    GROUPS_MERGED = 507
    ANSWER_WRITTEN = 508
    ANSWER_APPROVED = 509
    ANSWERS_PUBLISHED = 510
    BULK_ACTION = 511
    BULK_UNDONE = 512
    COMMENT_ASSIGNED = 513
    COMMENT_TAGGED = 514
    COMMENT_STATUS_SET = 515
    REVIEW_SETTINGS_CHANGED = 516


class AuditEvent(models.Model):
    """One change, who made it (a staff user, or the command line's operator), and what it touched.

    ``hash`` is SHA-256 over the previous row's hash and this row's canonical
    content: editing or deleting a row breaks every later link, and
    ``audit --verify`` names the first broken one.
    """

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    event_type = models.PositiveIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=150)  # "operator@host (command line)" when no staff user acted
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=200, blank=True)
    extra = models.TextField(default="{}")  # canonical JSON
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        db_table = "audit_events"
        indexes = [models.Index(fields=["event_type", "at"]), models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.seq} {EventType(self.event_type).name} {self.target_type}:{self.target_id}"
