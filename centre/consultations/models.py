"""What the State consults on, and every version of its draft the centre published."""

from __future__ import annotations

from django.db import models


class Consultation(models.Model):
    code = models.CharField(max_length=64, unique=True)
    spec = models.TextField()  # canonical JSON: title, agency, summary, dates, questions, kind, ballot…
    draft_version = models.IntegerField(null=True, blank=True)
    agency = models.ForeignKey("centre_accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="consultations")
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # What the parser doubted in the current draft and a person accepted (publish --accept-warnings): canonical JSON list.
    accepted_warnings = models.TextField(default="[]")

    class Meta:
        db_table = "consultations"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Draft(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="drafts")
    version = models.IntegerField()
    sha256 = models.CharField(max_length=64)  # of the canonical tree: republishing the same text is no new version
    title = models.TextField()
    tree = models.TextField()  # canonical JSON list of nodes

    class Meta:
        db_table = "drafts"
        constraints = [models.UniqueConstraint(fields=["consultation", "version"], name="one_draft_per_version")]
        ordering = ["consultation", "version"]
