from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kabinet.accounts"
    label = "accounts"
    verbose_name = "Accounts: sign-in, TOTP and profiles"
