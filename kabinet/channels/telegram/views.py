"""The bot's webhook, and the cabinet page where a person links and unlinks Telegram."""

from __future__ import annotations

import hmac
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from kabinet.channels.telegram.actions import (
    LINK_CODE_LIFETIME,
    access_linkable_bot,
    issue_link_code,
    unlink_person,
)
from kabinet.channels.telegram.models import TelegramBot, TelegramLink
from kabinet.channels.telegram.queries import linkable_bots
from kabinet.channels.telegram.updates import MalformedUpdateError, take_update
from kabinet.orgs.models import Person

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, bot_id: int) -> HttpResponse:
    """Telegram posts one update; only with the bot's secret token (403 otherwise, and for a
    bot with no secret set), each update acted on once."""
    bot = TelegramBot.objects.filter(pk=bot_id, active=True).first()
    if bot is None:
        return JsonResponse({"ok": False, "detail": _("Bot not found.")}, status=404)
    given = request.headers.get(SECRET_HEADER, "")
    if not bot.webhook_secret or not hmac.compare_digest(given, bot.webhook_secret):
        return JsonResponse({"ok": False, "detail": _("Wrong secret token.")}, status=403)
    not_an_update = JsonResponse(
        {"ok": False, "detail": _("The body is not a Telegram update.")}, status=400
    )
    try:
        update = json.loads(request.body)
    except ValueError:
        return not_an_update
    try:
        taken = take_update(bot, update)
    except MalformedUpdateError:
        return not_an_update
    return JsonResponse({"ok": True, "taken": taken})


def _person(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # the page requires a signed-in person
    return user


def _page(
    request: HttpRequest, *, code: str = "", code_bot: TelegramBot | None = None
) -> HttpResponse:
    person = _person(request)
    linked = set(TelegramLink.objects.filter(person=person).values_list("bot_id", flat=True))
    bots = [(bot, bot.pk in linked) for bot in linkable_bots(person).select_related("supplier")]
    context = {
        "bots": bots,
        "code": code,
        "code_bot": code_bot,
        "minutes": int(LINK_CODE_LIFETIME.total_seconds() // 60),
    }
    return render(request, "telegram/link.html", context)


@login_required
@require_GET
def link_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def issue_code(request: HttpRequest, bot_id: int) -> HttpResponse:
    """A fresh code shown once on the page (never in a URL or a redirect)."""
    person = _person(request)
    bot = access_linkable_bot(person, bot_id)
    return _page(request, code=issue_link_code(person, bot), code_bot=bot)


@login_required
@require_POST
def unlink(request: HttpRequest, bot_id: int) -> HttpResponse:
    person = _person(request)
    if unlink_person(person, access_linkable_bot(person, bot_id)):
        messages.success(request, _("Telegram is unlinked."))
    return redirect("telegram:link")
