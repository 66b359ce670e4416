"""Linking a person's Telegram chat to a supplier's bot and unlinking it: the one-time code
the cabinet shows, ``/start <code>`` in the chat, ``/stop`` or the cabinet's unlink."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.channels.telegram.models import LinkCode, TelegramBot, TelegramLink
from kabinet.channels.telegram.queries import linkable_bots
from kabinet.errors import DomainError, NotFoundError
from kabinet.orgs.models import Person

LINK_CODE_LIFETIME = dt.timedelta(minutes=15)


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def access_linkable_bot(person: Person, bot_id: int) -> TelegramBot:
    """A bot the person may link to (of a supplier they are a party to); else not found."""
    bot = linkable_bots(person).filter(pk=bot_id).first()
    if bot is None:
        raise NotFoundError(_("Bot not found."))
    return bot


def issue_link_code(person: Person, bot: TelegramBot, *, now: dt.datetime | None = None) -> str:
    """A fresh one-time code for ``/start``; the person's earlier unused codes for this bot
    stop working, so only the code on the screen links. Precondition: the bot is one of
    ``linkable_bots(person)``."""
    now = clock.resolve(now)
    code = secrets.token_urlsafe(18)  # 24 characters of [A-Za-z0-9_-], as /start allows
    with transaction.atomic():
        LinkCode.objects.filter(bot=bot, person=person, used_at__isnull=True).delete()
        LinkCode.objects.create(
            bot=bot,
            person=person,
            code_hash=code_hash(code),
            created_at=now,
            expires_at=now + LINK_CODE_LIFETIME,
        )
    return code


def link_chat(
    bot: TelegramBot,
    *,
    code: str,
    chat_id: int,
    telegram_user_id: int,
    now: dt.datetime | None = None,
) -> Person:
    """Link the chat to the person whose code this is; the code is spent. A person has one
    chat per bot and a chat one person: an earlier link of either is replaced."""
    now = clock.resolve(now)
    with transaction.atomic():
        found = (
            LinkCode.objects.select_for_update()
            .select_related("person")
            .filter(bot=bot, code_hash=code_hash(code.strip()))
            .first()
        )
        if found is None or found.used_at is not None or found.expires_at < now:
            raise DomainError(
                _(
                    "This code is unknown, used or expired. Open your profile in the cabinet "
                    "and press “Link Telegram” for a new one."
                ),
                field="code",
            )
        person = found.person
        if not person.is_active:
            raise DomainError(_("This account is deactivated."), field="code")
        found.used_at = now
        found.save(update_fields=["used_at"])
        TelegramLink.objects.filter(bot=bot, person=person).delete()
        TelegramLink.objects.filter(bot=bot, chat_id=chat_id).delete()
        TelegramLink.objects.create(
            bot=bot,
            person=person,
            chat_id=chat_id,
            telegram_user_id=telegram_user_id,
            linked_at=now,
        )
        return person


def unlink_person(person: Person, bot: TelegramBot) -> bool:
    """The cabinet's unlink; True if a link was removed."""
    deleted, _rows = TelegramLink.objects.filter(bot=bot, person=person).delete()
    return deleted > 0


def unlink_chat(bot: TelegramBot, chat_id: int) -> bool:
    """``/stop`` in the chat; True if a link was removed."""
    deleted, _rows = TelegramLink.objects.filter(bot=bot, chat_id=chat_id).delete()
    return deleted > 0
