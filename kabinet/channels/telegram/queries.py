"""Reads of the Telegram channel: which bots a person may link, whom a chat is, which
contracts a linked person may file on through a bot, and the ticket a delivery is about."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kabinet.channels.telegram.models import TelegramBot, TelegramLink
from kabinet.contracts.models import Channel, Contract, Package
from kabinet.orgs.models import Person
from kabinet.orgs.queries import customer_organisation_ids, supplier_organisation_ids
from kabinet.tickets.models import Ticket


def messenger_allowed(package: Package) -> bool:
    """Does the package take tickets by messenger? An empty list allows every channel, as
    registration reads it."""
    return not package.allowed_channels or Channel.MESSENGER in package.allowed_channels


def linkable_bots(person: Person) -> QuerySet[TelegramBot]:
    """Active bots of the suppliers of the person's contracts, and of their own supplier
    organisations."""
    customer_ids = customer_organisation_ids(person)
    supplier_ids = set(
        Contract.objects.filter(customer_id__in=customer_ids).values_list("supplier_id", flat=True)
    )
    supplier_ids |= supplier_organisation_ids(person)
    return TelegramBot.objects.filter(active=True, supplier_id__in=supplier_ids).order_by("pk")


def linked_person(bot: TelegramBot, chat_id: int) -> Person | None:
    link = TelegramLink.objects.filter(bot=bot, chat_id=chat_id).select_related("person").first()
    return link.person if link is not None else None


def filing_contracts(person: Person, bot: TelegramBot) -> list[Contract]:
    """The person's customer-side contracts with the bot's supplier, oldest first."""
    contracts = Contract.objects.filter(
        Q(customer_id__in=customer_organisation_ids(person)), supplier_id=bot.supplier_id
    )
    return list(contracts.select_related("package", "customer").order_by("number"))


def ticket_by_number(number: str) -> Ticket | None:
    """The ticket an outgoing delivery names (``X-Kabinet-Ticket``); no person asks for it."""
    return Ticket.objects.select_related("contract__package").filter(number=number).first()
