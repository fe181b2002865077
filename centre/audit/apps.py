from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "centre.audit"
    label = "centre_audit"
    verbose_name = "Audit"
