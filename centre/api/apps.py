from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "centre.api"
    label = "centre_api"
    verbose_name = "Kiosk API"
