"""``kabinet telegram poll [--bot ID] [--once]``: take updates by ``getUpdates`` where the
bots have no public address; ``kabinet telegram webhook --bot ID --url URL`` (or
``--delete``): tell Telegram where to post a bot's updates, with its secret token."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet
from django.urls import reverse

from kabinet.channels.telegram.client import BotApi, BotApiError
from kabinet.channels.telegram.models import BotMode, TelegramBot
from kabinet.channels.telegram.updates import LONG_POLL_SECONDS, poll_once

ERROR_PAUSE_SECONDS = 5


class Command(BaseCommand):
    help = "Telegram bots: poll for updates, or set a bot's webhook."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        poll = commands.add_parser("poll", help="take updates by getUpdates")
        poll.add_argument("--bot", type=int, metavar="ID", help="only this bot")
        poll.add_argument("--once", action="store_true", help="one round without waiting")
        hook = commands.add_parser("webhook", help="set or delete a bot's webhook")
        hook.add_argument("--bot", type=int, metavar="ID", required=True)
        where = hook.add_mutually_exclusive_group(required=True)
        where.add_argument("--url", help="the site's public base URL, e.g. https://desk.example")
        where.add_argument("--delete", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["command"] == "poll":
            self._poll(options["bot"], once=options["once"])
        else:
            self._webhook(options["bot"], options["url"], delete=options["delete"])

    def _bots(self, bot_id: int | None) -> QuerySet[TelegramBot]:
        bots = TelegramBot.objects.filter(active=True)
        bots = bots.filter(pk=bot_id) if bot_id is not None else bots.filter(mode=BotMode.POLLING)
        if not bots.exists():
            raise CommandError(
                "No active bot to poll." if bot_id is None else f"No active bot {bot_id}."
            )
        return bots.order_by("pk")

    def _poll(self, bot_id: int | None, *, once: bool) -> None:
        bots = list(self._bots(bot_id))
        # One bot waits on Telegram's long poll; several share the loop without waiting.
        wait = 0 if once or len(bots) > 1 else LONG_POLL_SECONDS
        while True:
            for bot in bots:
                try:
                    taken = poll_once(bot, wait=wait)
                except BotApiError as exc:
                    self.stderr.write(f"{bot}: {exc}")
                    if once:
                        raise CommandError(str(exc)) from exc
                    time.sleep(ERROR_PAUSE_SECONDS)
                    continue
                if taken or once:
                    self.stdout.write(f"{bot}: {taken} updates taken")
            if once:
                return
            if wait == 0:
                time.sleep(1)

    def _webhook(self, bot_id: int, url: str | None, *, delete: bool) -> None:
        bot = self._bots(bot_id).get()
        api = BotApi(bot.resolved_token())
        try:
            if delete:
                api.call("deleteWebhook")
                self.stdout.write(f"{bot}: webhook deleted")
                return
            if not bot.webhook_secret:
                raise CommandError(f"{bot} has no webhook secret; set one first.")
            address = url.rstrip("/") + reverse("telegram:webhook", args=[bot.pk])  # type: ignore[union-attr]
            api.call(
                "setWebhook",
                {
                    "url": address,
                    "secret_token": bot.webhook_secret,
                    "allowed_updates": ["message", "callback_query"],
                },
            )
        except BotApiError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{bot}: webhook set to {address}")
