"""Taking updates exactly once, whether Telegram posts them (webhook) or the bot asks for
them (``getUpdates`` polling): each is recorded by ``update_id``, unique per bot, in the
transaction that acts on it, and the bot answers only after that transaction commits."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from kabinet import clock
from kabinet.channels.telegram.client import BotApi
from kabinet.channels.telegram.dialogue import handle_update
from kabinet.channels.telegram.models import TelegramBot, TelegramUpdate
from kabinet.channels.telegram.outgoing import Outgoing
from kabinet.errors import unavailable

log = logging.getLogger(__name__)
LONG_POLL_SECONDS = 25


class MalformedUpdateError(ValueError):
    """The body is not a Telegram update (no integer ``update_id``)."""


def take_update(bot: TelegramBot, update: Any, *, now: dt.datetime | None = None) -> bool:
    """Record and act on one update; False if this bot took it before (a retry, a second
    poller), and then nothing is done again.

    An update that fails for a reason of its own (a bug it trips) is recorded with the
    error and its state changes rolled back, and the bot goes on to the next one; a fault
    of the machine (the database gone, the disk full) is raised and records nothing, so
    the update comes again (Telegram retries the webhook, the next poll asks again)."""
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise MalformedUpdateError("not a Telegram update")
    received = clock.resolve(now)
    out = Outgoing(bot)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    _record(bot, update, received)
            except IntegrityError:
                return False
            handle_update(bot, update, out)
    except Exception as exc:
        if unavailable(exc) is not None:
            raise
        log.exception("telegram bot %s: update %s failed", bot.pk, update["update_id"])
        return _record_failure(bot, update, received, exc)
    out.flush()
    return True


def _record(
    bot: TelegramBot, update: dict[str, Any], received: dt.datetime, error: str = ""
) -> None:
    TelegramUpdate.objects.create(
        bot=bot, update_id=update["update_id"], received_at=received, payload=update, error=error
    )


def _record_failure(
    bot: TelegramBot, update: dict[str, Any], received: dt.datetime, exc: Exception
) -> bool:
    try:
        with transaction.atomic():
            _record(bot, update, received, error=f"{type(exc).__name__}: {exc}")
    except IntegrityError:
        return False
    return True


def next_offset(bot: TelegramBot) -> int | None:
    """The ``offset`` for ``getUpdates``: one past the last update recorded, which also
    tells Telegram it may forget everything before."""
    last = TelegramUpdate.objects.filter(bot=bot).aggregate(last=Max("update_id"))["last"]
    return None if last is None else last + 1


def poll_once(bot: TelegramBot, *, wait: int = 0) -> int:
    """One ``getUpdates`` round (``wait`` seconds of long polling); returns how many new
    updates were taken. An update that fails to be acted on stops the round: it is not
    recorded, so the next round asks for it again."""
    api = BotApi(bot.resolved_token())
    params: dict[str, Any] = {"timeout": wait, "allowed_updates": ["message", "callback_query"]}
    offset = next_offset(bot)
    if offset is not None:
        params["offset"] = offset
    updates = api.call("getUpdates", params, timeout=wait + 10) or []
    taken = 0
    for update in updates:
        try:
            taken += take_update(bot, update)
        except MalformedUpdateError:
            log.warning("telegram bot %s: skipped a malformed update", bot.pk)
    return taken
