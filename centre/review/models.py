"""The drafting agency's responses: to one submission, or to an article for everyone who commented on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class ResponseStatus(models.TextChoices):
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", gettext_lazy("Partly accepted")
    NOT_ACCEPTED = "not_accepted", gettext_lazy("Not accepted")
    EXPLAINED = "explained", gettext_lazy("Explained")


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


# ---------------------------------------------------------------- the console (issue 18)
#
# What a citizen sent lives in ingest's Event rows and is never edited: the rows
# below index it (one Comment per commented item) and hold what the agency does
# with it. Nothing here is deleted by the console either: a group a person splits
# or a suggestion the software replaces is kept, with its state.


class CommentStatus(models.TextChoices):
    RECEIVED = "received", gettext_lazy("Received")
    IN_REVIEW = "in_review", gettext_lazy("In review")
    ANSWERED = "answered", gettext_lazy("Answered")
    PUBLISHED = "published", gettext_lazy("Published")


class ContributorType(models.TextChoices):
    """Who commented, as the legal report names them (paper import's column; optional on the kiosk)."""

    INDIVIDUAL = "individual", gettext_lazy("Individual")  # cá nhân
    ORGANISATION = "organisation", gettext_lazy("Organisation")  # tổ chức
    BUSINESS = "business", gettext_lazy("Business")  # doanh nghiệp
    EXPERT = "expert", gettext_lazy("Expert")  # chuyên gia
    STATE_AGENCY = "state_agency", gettext_lazy("State agency")  # cơ quan nhà nước


class GroupKind(models.TextChoices):
    EXACT = "exact", gettext_lazy("Exact duplicates")  # the same text once normalised
    NEAR = "near", gettext_lazy("Near duplicates")  # MinHash/LSH similar


class GroupState(models.TextChoices):
    SUGGESTED = "suggested", gettext_lazy("Suggested")  # by the software: advisory only
    CONFIRMED = "confirmed", gettext_lazy("Confirmed")  # by a named person
    DISMISSED = "dismissed", gettext_lazy("Dismissed")  # a person said no (split), or a later suggestion replaced it


class ReviewSettings(models.Model):
    """Per consultation: the near-duplicate threshold and the default assignee per chapter."""

    consultation = models.OneToOneField("centre_consultations.Consultation", on_delete=models.PROTECT, related_name="review_settings")
    near_threshold = models.FloatField(default=0.5)
    chapter_assignees = models.TextField(default="{}")  # canonical JSON {"chapter:I": user id}

    class Meta:
        db_table = "review_settings"


class Tag(models.Model):
    consultation = models.ForeignKey("centre_consultations.Consultation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=80)

    class Meta:
        db_table = "review_tags"
        constraints = [models.UniqueConstraint(fields=["consultation", "name"], name="one_tag_name_per_consultation")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DuplicateGroup(models.Model):
    consultation = models.ForeignKey("centre_consultations.Consultation", on_delete=models.PROTECT, related_name="+")
    article_key = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=GroupKind.choices)
    state = models.CharField(max_length=12, choices=GroupState.choices, default=GroupState.SUGGESTED)
    representative = models.ForeignKey("Comment", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "review_groups"
        indexes = [models.Index(fields=["consultation", "state", "article_key"])]


# The word index of Comment.folded (migration 0003): on PostgreSQL a function of this name (words and pairs
# of adjacent words) under a GIN index; on SQLite an FTS5 table of this name kept by triggers.
COMMENT_WORDS = "review_comment_words"


class Comment(models.Model):
    """One commented item of one submission: an index over the event, rebuilt at will, never the citizen's text's owner."""

    consultation = models.ForeignKey("centre_consultations.Consultation", on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey("centre_ingest.Event", on_delete=models.PROTECT, related_name="+")
    item = models.IntegerField()  # position in the submission's items
    receipt_code = models.CharField(max_length=20, null=True, blank=True)
    legal_key = models.CharField(max_length=100)
    article_key = models.CharField(max_length=100)  # the article the key rolls up to ("article:12")
    chapter_key = models.CharField(max_length=40, blank=True)
    stance = models.CharField(max_length=20)
    text = models.TextField()
    # NFC, case, diacritics and đ folded, punctuation and spacing collapsed: search on both engines.
    folded = models.TextField()
    folded_hash = models.CharField(max_length=64)  # SHA-256 of ``folded``: exact grouping through a short index
    channel = models.CharField(max_length=20)
    kiosk_id = models.CharField(max_length=64)
    commune_name = models.CharField(max_length=200, blank=True)
    province_name = models.CharField(max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    contributor_type = models.CharField(max_length=20, choices=ContributorType.choices, default=ContributorType.INDIVIDUAL)
    # Given with the person's consent (the event's "demographics"), as the kiosk's form offers them; "" when not given.
    age_band = models.CharField(max_length=40, blank=True, default="", db_default="")
    gender = models.CharField(max_length=40, blank=True, default="", db_default="")
    status = models.CharField(max_length=12, choices=CommentStatus.choices, default=CommentStatus.RECEIVED)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(DuplicateGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    tags = models.ManyToManyField(Tag, blank=True, related_name="comments", db_table="review_comment_tags")
    # Its event was signed by a key revoked later: kept and shown, never counted (set by do_reindex_consultation).
    revoked = models.BooleanField(default=False)

    class Meta:
        db_table = "review_comments"
        constraints = [models.UniqueConstraint(fields=["event", "item"], name="one_comment_per_item")]
        indexes = [
            models.Index(fields=["consultation", "article_key", "id"]),
            models.Index(fields=["consultation", "folded_hash"]),
            models.Index(fields=["consultation", "status", "id"]),
            models.Index(fields=["assignee", "status"]),
        ]


class AnswerScope(models.TextChoices):
    COMMENT = "comment"
    GROUP = "group"
    KEY = "key"  # an article, a clause or a point


class Answer(models.Model):
    """The agency's answer: to one comment, to a duplicate group, or to a legal key (reaching what lies under it)."""

    consultation = models.ForeignKey("centre_consultations.Consultation", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=10, choices=AnswerScope.choices)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(DuplicateGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    legal_key = models.CharField(max_length=100, null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ResponseStatus.choices)
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "review_answers"
        constraints = [
            models.UniqueConstraint(fields=["comment"], condition=models.Q(comment__isnull=False), name="one_answer_per_comment"),
            models.UniqueConstraint(fields=["group"], condition=models.Q(group__isnull=False), name="one_answer_per_group"),
            models.UniqueConstraint(
                fields=["consultation", "legal_key"], condition=models.Q(legal_key__isnull=False), name="one_answer_per_key"
            ),
        ]


class BulkAction(models.Model):
    """One bulk change on a selection, with every comment's values before it: what undo puts back."""

    consultation = models.ForeignKey("centre_consultations.Consultation", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20)
    params = models.TextField(default="{}")  # canonical JSON
    before = models.TextField(default="{}")  # canonical JSON {comment id: {"status":…, "assignee":…, "tags": […]}}
    at = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "review_bulk_actions"


class SavedFilter(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    consultation = models.ForeignKey("centre_consultations.Consultation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=80)
    query = models.TextField()  # the queue's query string

    class Meta:
        db_table = "review_saved_filters"
        ordering = ["name"]
