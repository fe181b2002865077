from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "centre.accounts"
    label = "centre_accounts"
    verbose_name = "Accounts"
