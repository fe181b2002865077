from django.apps import AppConfig


class FleetConfig(AppConfig):
    name = "centre.fleet"
    label = "centre_fleet"
    verbose_name = "Fleet"
