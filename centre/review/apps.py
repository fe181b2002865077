from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReviewConfig(AppConfig):
    name = "centre.review"
    label = "centre_review"
    verbose_name = "Review"

    def ready(self) -> None:
        from centre.review.word_index import heal_after_migrate

        # SQLite loses the word index's triggers when a migration remakes review_comments: put them back.
        post_migrate.connect(heal_after_migrate, sender=self, dispatch_uid="centre_review_word_index")
