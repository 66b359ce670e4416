"""Suppliers' bots are configured by the site's admins."""

from django.contrib import admin

from kabinet.channels.telegram.models import TelegramBot


@admin.register(TelegramBot)
class TelegramBotAdmin(admin.ModelAdmin[TelegramBot]):
    list_display = ("username", "supplier", "mode", "active")
    list_filter = ("mode", "active")
    exclude = ("token",)  # tokens belong in the environment (token_env), not in a form
