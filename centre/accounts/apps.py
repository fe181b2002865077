from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "centre.accounts"
    label = "centre_accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from centre.accounts import signals  # noqa: F401  (audits axes' lockouts)
