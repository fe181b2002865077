from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "centre.ingest"
    label = "centre_ingest"
    verbose_name = "Ingest"
