"""Celery tasks of the Telegram channel: one polling round for every bot in polling mode."""

from __future__ import annotations

import logging

from kabinet.celery import app
from kabinet.channels.telegram.client import BotApiError
from kabinet.channels.telegram.models import BotMode, TelegramBot
from kabinet.channels.telegram.updates import poll_once

log = logging.getLogger(__name__)


@app.task(name="kabinet.channels.telegram.tasks.poll_bots")
def poll_bots() -> int:
    """One ``getUpdates`` round per polling bot, without waiting; safe to run twice (each
    update is taken once). Returns how many updates were taken."""
    taken = 0
    for bot in TelegramBot.objects.filter(active=True, mode=BotMode.POLLING).order_by("pk"):
        try:
            taken += poll_once(bot)
        except BotApiError as exc:
            log.warning("telegram bot %s: %s", bot.pk, exc)
    return taken
