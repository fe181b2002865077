from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "centre.review"
    label = "centre_review"
    verbose_name = "Review"
