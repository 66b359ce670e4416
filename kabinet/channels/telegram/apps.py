from django.apps import AppConfig


class TelegramConfig(AppConfig):
    name = "kabinet.channels.telegram"
    label = "telegram"
    verbose_name = "Telegram"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Telegram joins the outbound channels' registry under its name."""
        from kabinet.channels import base
        from kabinet.channels.telegram.outbound import TelegramChannel

        base.register(TelegramChannel.name, TelegramChannel)
