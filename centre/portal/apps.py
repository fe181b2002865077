from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "centre.portal"
    label = "centre_portal"
    verbose_name = "Gópý public portal"
