"""The kiosks the centre enrolled, the keys bound to them, the packages issued, the alarms raised."""

from __future__ import annotations

from django.db import models


class Kiosk(models.Model):
    kiosk_id = models.CharField(max_length=64, primary_key=True)
    commune_code = models.CharField(max_length=20)
    commune_name = models.CharField(max_length=200)
    province_code = models.CharField(max_length=20, blank=True)
    province_name = models.CharField(max_length=200, blank=True)
    enrolled_at = models.DateTimeField()
    # The one-time secret of the enrolment file: the kiosk proves it (an HMAC over its
    # public key) in its first batch, and the centre binds that key only then. Cleared once spent.
    enrolment_secret = models.CharField(max_length=64, blank=True)
    enrolment_spent_at = models.DateTimeField(null=True, blank=True)
    # The epoch the enrolled machine starts at: 1, or after a replacement one above every epoch the
    # old machine used, so the new machine's positions never collide with the old one's.
    first_epoch = models.PositiveIntegerField(default=1)
    centre_url = models.CharField(max_length=300, blank=True)
    last_ack_seen = models.TextField(null=True, blank=True)  # canonical JSON: the acknowledgement the kiosk last applied
    last_heard_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "kiosks"
        ordering = ["kiosk_id"]
        indexes = [models.Index(fields=["province_code", "commune_code"])]

    def __str__(self) -> str:
        return self.kiosk_id


class KioskKey(models.Model):
    """The key each epoch of a kiosk signs with; revoked for a position and every later one."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.PROTECT, related_name="keys", db_column="kiosk_id")
    epoch = models.IntegerField()
    key_id = models.CharField(max_length=64)
    public_key = models.CharField(max_length=100)
    bound_at = models.DateTimeField()
    revoked_epoch = models.IntegerField(null=True, blank=True)
    revoked_from_seq = models.IntegerField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "kiosk_keys"
        constraints = [
            models.UniqueConstraint(fields=["kiosk", "epoch"], name="one_key_per_kiosk_epoch"),
            models.UniqueConstraint(fields=["kiosk", "key_id"], name="key_ids_unique_per_kiosk"),
        ]

    def revoked_for(self, epoch: int, seq: int) -> bool:
        """Whether a signature by this key over position (epoch, seq) is no longer valid."""
        if self.revoked_epoch is None:
            return False
        return (epoch, seq) >= (self.revoked_epoch, self.revoked_from_seq or 1)


class Package(models.Model):
    kiosk = models.ForeignKey(Kiosk, on_delete=models.PROTECT, related_name="packages", db_column="kiosk_id")
    package_seq = models.IntegerField()
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=200)
    issued_at = models.DateTimeField()
    draft_versions = models.TextField(default="{}")  # canonical JSON: consultation code → draft version it carried

    class Meta:
        db_table = "packages"
        constraints = [models.UniqueConstraint(fields=["kiosk", "package_seq"], name="package_seq_unique_per_kiosk")]


class Alarm(models.Model):
    """Something an operator must look at: a fork, a foreign enrolment, a replayed proof…

    ``kiosk_id`` is plain text: an alarm may name a kiosk this centre never enrolled.
    """

    raised_at = models.DateTimeField()
    kiosk_id = models.CharField(max_length=64, db_index=True)
    epoch = models.IntegerField(null=True, blank=True)
    kind = models.CharField(max_length=40)
    detail = models.TextField()
    batch = models.ForeignKey("centre_ingest.Batch", null=True, blank=True, on_delete=models.PROTECT, related_name="alarms")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "alarms"
        ordering = ["id"]
