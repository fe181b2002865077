"""Batches from kiosks and the events they carried, per-epoch heads, refused files, ideas and supports.

Uniqueness is enforced by constraints, never by checking first (notes/sync.md §3.5):
a position, a submission id or a receipt code is stored once.
"""

from __future__ import annotations

from django.db import models


class BatchStatus(models.TextChoices):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    HELD = "held"
    QUARANTINED = "quarantined"
    RELEASED = "released"  # was quarantined, judged again by `release`: see the batch it became


class Batch(models.Model):
    file_sha256 = models.CharField(max_length=64, unique=True)
    file_name = models.CharField(max_length=255)
    manifest_sha256 = models.CharField(max_length=64)
    kiosk_id = models.CharField(max_length=64)  # plain text: a quarantined batch may name an unknown kiosk
    epoch = models.IntegerField()
    batch_seq = models.IntegerField()
    seq_from = models.BigIntegerField()
    seq_to = models.BigIntegerField()
    signing_key_id = models.CharField(max_length=64)
    received_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=BatchStatus.choices)
    reason = models.CharField(max_length=40, blank=True)
    detail = models.TextField(blank=True)
    new_events = models.BigIntegerField(default=0)
    # Central times that bracket the kiosk's time of each event this batch added
    # (notes/sync.md §3.8): no earlier than t_floor, no later than received_at.
    t_floor = models.DateTimeField(null=True, blank=True)
    manifest = models.TextField()  # the signed bytes
    # A held or quarantined batch's file is kept in the centre's home (batches/<sha256>.zip) until applied.
    kept_file = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=20, default="file")  # "file" (USB, command line) or "network"
    # Applied, its comments not yet in the agency console's index (centre.review.services.index_pending).
    # The index is derived: it is built after the events are committed, in its own transaction.
    comments_pending = models.BooleanField(default=False)

    class Meta:
        db_table = "batches"
        indexes = [models.Index(fields=["kiosk_id", "epoch", "status"])]


class Event(models.Model):
    """One event of a kiosk's chain, stored as the kiosk's bytes."""

    kiosk_id = models.CharField(max_length=64)
    epoch = models.IntegerField()
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    kind = models.CharField(max_length=40)
    uuid = models.CharField(max_length=36, null=True, blank=True, unique=True)
    receipt_code = models.CharField(max_length=20, null=True, blank=True, unique=True)
    consultation_code = models.CharField(max_length=64, null=True, blank=True)
    channel = models.CharField(max_length=20, null=True, blank=True)
    local_time = models.CharField(max_length=40, null=True, blank=True)
    clock_state = models.CharField(max_length=20, null=True, blank=True)
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="events", db_column="batch_id")
    body = models.TextField()  # the kiosk's bytes, as hashed
    # Signed by a key revoked for this position: kept, shown as revoked, never counted.
    revoked = models.BooleanField(default=False)

    class Meta:
        db_table = "events"
        constraints = [models.UniqueConstraint(fields=["kiosk_id", "epoch", "seq"], name="one_event_per_position")]
        indexes = [models.Index(fields=["consultation_code", "kind"])]


class Head(models.Model):
    kiosk_id = models.CharField(max_length=64)
    epoch = models.IntegerField()
    hwm_seq = models.BigIntegerField(default=0)  # every event 1..hwm_seq is stored
    head_hash = models.CharField(max_length=64, null=True, blank=True)
    t_floor = models.DateTimeField(null=True, blank=True)  # no event above hwm_seq can be older than this central time
    claimed_seq = models.BigIntegerField(default=0)  # how far the kiosk said this epoch went

    class Meta:
        db_table = "heads"
        constraints = [models.UniqueConstraint(fields=["kiosk_id", "epoch"], name="one_head_per_epoch")]


class RefusedFile(models.Model):
    """A file that could not be trusted at all (damaged, badly signed, truncated): nothing of it is stored but this."""

    file_sha256 = models.CharField(max_length=64, db_index=True)
    file_name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    reason = models.CharField(max_length=40)
    message = models.TextField()
    refused_at = models.DateTimeField()
    source = models.CharField(max_length=20, default="file")

    class Meta:
        db_table = "refused_files"
        ordering = ["id"]


class Idea(models.Model):
    """An idea of an ideas call, indexed from its submission event."""

    id = models.CharField(max_length=60, primary_key=True)  # "<submission uuid>/<n>"
    consultation_code = models.CharField(max_length=64)
    kiosk_id = models.CharField(max_length=64)
    epoch = models.IntegerField()
    seq = models.BigIntegerField()
    category = models.TextField()
    hamlet = models.TextField()
    problem = models.TextField()
    proposal = models.TextField()

    class Meta:
        db_table = "ideas"
        indexes = [models.Index(fields=["consultation_code", "category", "hamlet"])]


class Support(models.Model):
    kiosk_id = models.CharField(max_length=64)
    epoch = models.IntegerField()
    seq = models.BigIntegerField()
    idea_id = models.CharField(max_length=60, db_index=True)
    consultation_code = models.CharField(max_length=64)

    class Meta:
        db_table = "supports"
        constraints = [models.UniqueConstraint(fields=["kiosk_id", "epoch", "seq", "idea_id"], name="one_support_per_submission_idea")]
