from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kabinet.accounts"
    label = "accounts"
    verbose_name = "Accounts: sign-in, TOTP and profiles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from kabinet.accounts.sessions import track_signed_in_session

        user_logged_in.connect(track_signed_in_session, dispatch_uid="kabinet.accounts.sessions")
