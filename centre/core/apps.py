from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "centre.core"
    label = "centre_core"
    verbose_name = "Gópý centre"
