from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "centre.consultations"
    label = "centre_consultations"
    verbose_name = "Consultations"
