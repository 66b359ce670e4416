"""A supplier's bot, the people linked to it, the updates it has taken (each exactly once),
the dialogue state of each chat and which bot message speaks about which ticket."""

from __future__ import annotations

import os

from django.db import models
from django.utils.translation import gettext_lazy as _

from kabinet.orgs.models import Organisation, Person
from kabinet.tickets.models import Ticket


class BotMode(models.TextChoices):
    WEBHOOK = "webhook", _("webhook")
    POLLING = "polling", _("polling")


class TelegramBot(models.Model):
    """One supplier's bot. The token is kept here or, better, named by an environment
    variable (``token_env``) so that it never sits in the database."""

    supplier = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="telegram_bots"
    )
    username = models.CharField(max_length=64, help_text=_("The bot's @name, without the @."))
    token = models.CharField(max_length=200, blank=True)
    token_env = models.CharField(max_length=100, blank=True)
    webhook_secret = models.CharField(max_length=256, blank=True)
    mode = models.CharField(max_length=16, choices=BotMode.choices, default=BotMode.POLLING)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("Telegram bot")
        verbose_name_plural = _("Telegram bots")

    def __str__(self) -> str:
        return f"@{self.username}"

    def resolved_token(self) -> str:
        """The token itself, from the row or from the environment variable it names."""
        if self.token:
            return self.token
        return os.environ.get(self.token_env, "") if self.token_env else ""


class TelegramLink(models.Model):
    """A person's Telegram chat with one bot. Unlinking deletes the row: a chat that is not
    linked is heard as a stranger."""

    bot = models.ForeignKey(TelegramBot, on_delete=models.CASCADE, related_name="links")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="telegram_links")
    chat_id = models.BigIntegerField()
    telegram_user_id = models.BigIntegerField()
    linked_at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["bot", "person"], name="telegram_link_one_per_bot"),
            models.UniqueConstraint(fields=["bot", "chat_id"], name="telegram_link_one_chat"),
        )


class LinkCode(models.Model):
    """A one-time code the cabinet shows; ``/start <code>`` in the bot's chat links it.
    Only its SHA-256 is kept, so a database reader cannot link someone else's account."""

    bot = models.ForeignKey(TelegramBot, on_delete=models.CASCADE, related_name="link_codes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="telegram_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class TelegramUpdate(models.Model):
    """Every update a bot took, recorded before it is acted on and in the same transaction,
    so that a webhook retry or a second poll never acts twice."""

    bot = models.ForeignKey(TelegramBot, on_delete=models.CASCADE, related_name="updates")
    update_id = models.BigIntegerField()
    received_at = models.DateTimeField()
    payload = models.JSONField()
    # Set when acting on the update failed for a reason of its own (not the machine's):
    # it is kept here, so that one poisoned update does not stop the bot's queue.
    error = models.TextField(blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["bot", "update_id"], name="telegram_update_once"),
        )


class Conversation(models.Model):
    """Where a chat is in a dialogue (filing a ticket step by step, a rejection waiting for
    its reason) and which ticket it talks about after ``/ticket``."""

    bot = models.ForeignKey(TelegramBot, on_delete=models.CASCADE, related_name="conversations")
    chat_id = models.BigIntegerField()
    step = models.CharField(max_length=32, blank=True)
    draft = models.JSONField(default=dict, blank=True)
    ticket = models.ForeignKey(Ticket, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["bot", "chat_id"], name="telegram_conversation_once"),
        )


class SentMessage(models.Model):
    """A bot message about a ticket: a reply to it in the chat answers that ticket."""

    bot = models.ForeignKey(TelegramBot, on_delete=models.CASCADE, related_name="sent_messages")
    chat_id = models.BigIntegerField()
    message_id = models.BigIntegerField()
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["bot", "chat_id", "message_id"], name="telegram_sent_message_once"
            ),
        )
