"""Every cabinet page, for every side, reads in the reader's language: on a Russian page no
text is an English msgid of ours or an English choice label, and on no page does an internal
code ("insufficient_diagnostics", "awaiting_customer") stand in the text. The pages are the
world's, with the ticket in the states that show the most words: answered, returned for
information, escalated to the vendor."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.db import models
from django.test import Client
from django.utils import translation

import kabinet
from kabinet.cabinets.tests.conftest import dossier
from kabinet.conftest import World
from kabinet.contracts.models import IntakeField
from kabinet.escalations.actions import escalate_to_vendor
from kabinet.escalations.models import Escalation
from kabinet.orgs.models import Organisation, Person
from kabinet.tickets.actions import (
    customer_reply,
    record_public_reply,
    register_ticket,
    return_for_information,
)
from kabinet.tickets.models import ReturnReason, Ticket

CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
SHOWN_ATTRIBUTES = frozenset({"title", "placeholder", "aria-label", "alt"})


class Text(HTMLParser):
    """The words a reader sees: text outside scripts and styles, and the attributes that
    show as text (tooltips, placeholders, labels of controls)."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.pieces += [v.strip() for k, v in attrs if k in SHOWN_ATTRIBUTES and v]
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.pieces.append(str(dict(attrs).get("value") or "").strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.pieces.append(" ".join(data.split()))


def shown_text(html: str) -> list[str]:
    parser = Text()
    parser.feed(html)
    return [piece for piece in parser.pieces if piece]


def english_words() -> frozenset[str]:
    """Our msgids whose Russian differs (so seeing them on a Russian page is a miss), and
    every choice label of our models in English."""
    found: set[str] = set()
    root = Path(kabinet.__file__).parent
    for po in root.rglob("locale/ru/LC_MESSAGES/django.po"):
        text = po.read_text(encoding="utf-8")
        for msgid, msgstr in re.findall(r'\nmsgid "(.+)"\nmsgstr "(.+)"', text):
            if msgid != msgstr and re.search("[A-Za-z]{3}", msgid) and "%" not in msgid:
                found.add(msgid.replace('\\"', '"'))
    for choices in _all_choices(models.TextChoices):
        with translation.override("en"):
            english = [str(label) for label in choices.labels]
        with translation.override("ru"):
            russian = [str(label) for label in choices.labels]
        # A name that is the same in both languages (Telegram) is no miss.
        found.update(en for en, ru in zip(english, russian, strict=True) if en != ru)
    # A language offered by its own name (the mail language picker's "English").
    found -= ENDONYMS
    return frozenset(word for word in found if re.search("[A-Za-z]{3}", word))


ENDONYMS = frozenset({"English"})


def _all_choices(base: type) -> list[type[models.TextChoices]]:
    out: list[type[models.TextChoices]] = []
    sub: type[models.TextChoices]
    for sub in base.__subclasses__():
        if sub.__module__.startswith("kabinet."):
            out.append(sub)
        out += _all_choices(sub)
    return out


def pages(world: World, ticket: Ticket, escalation: Escalation) -> list[tuple[str, str]]:
    """(person, path) for every page each side opens in this world."""
    contract = world.contract.pk
    return [
        ("", "/login/"),
        ("contact", "/client/"),
        ("contact", "/client/new/"),
        ("contact", f"/client/contracts/{contract}/"),
        ("contact", f"/tickets/{ticket.number}/"),
        ("contact", "/account/"),
        ("admin", "/people/"),
        ("admin", f"/tickets/{ticket.number}/"),
        ("engineer", "/partner/"),
        ("engineer", f"/tickets/{ticket.number}/"),
        ("engineer", "/account/"),
        ("vendor_engineer", "/vendor/"),
        ("vendor_engineer", f"/tickets/{escalation.number}/"),
    ]


INTAKE = {
    "company": "ПАО «Уральские сети»",
    "delivery_number": "800123456",
    "contact_name": "Дмитрий Соколов",
    "contact_phone": "+7 343 000-00-00",
    "contact_email": "dmitry@example.test",
    "product": "1С:Предприятие 8.3.27",
    "client_environment": "Windows 11",
    "server_environment": "Windows Server 2022, PostgreSQL 16",
    "business_impact": "Не отгружаем товар",
    "steps_to_reproduce": "Провести заказ 42",
    "page_address": "https://crm.example.test/orders/42",
}


def busy_ticket(world: World) -> Ticket:
    """A ticket answered and returned for information, with Russian intake data."""
    ticket = register_ticket(
        contract=world.contract,
        reporter=world.contact,
        subject="Не проводятся заказы",
        description="При проведении заказа появляется ошибка блокировки.",
        criticality=2,
        is_production=True,
        intake={name: INTAKE.get(name, "Сведения") for name in IntakeField.values},
    )
    record_public_reply(ticket, author=world.engineer, body="Смотрим.")
    return_for_information(
        ticket, author=world.engineer, reason=ReturnReason.INSUFFICIENT_DIAGNOSTICS
    )
    return ticket


def findings(html: str, language: str, english: frozenset[str], data: frozenset[str]) -> list[str]:
    """What a reader of ``language`` should not see in ``html``: English msgids and choice
    labels on a Russian page, internal codes on any page (``data``, names, excepted)."""
    found = []
    for piece in shown_text(html):
        if piece in data:
            continue
        if language == "ru" and piece.rstrip(":.") in english | {"- Select an option -"}:
            found.append(f"English {piece!r}")
        found += [f"code {code!r}" for code in CODE.findall(piece)]
    return found


def test_the_check_finds_english_labels_and_codes() -> None:
    english = english_words()
    assert {"awaiting customer", "solution proposed", "diagnostic data is insufficient"} <= (
        english
    )
    html = (
        '<p title="awaiting customer">Причина: insufficient_diagnostics</p>'
        "<script>var a_b = 1;</script><b>Дмитрий</b><span>solution proposed</span>"
    )
    assert findings(html, "ru", english, frozenset()) == [
        "English 'awaiting customer'",
        "code 'insufficient_diagnostics'",
        "English 'solution proposed'",
    ]
    assert findings(html, "en", english, frozenset()) == ["code 'insufficient_diagnostics'"]


def test_every_page_speaks_the_readers_language(chain_ready: World) -> None:
    ticket = busy_ticket(chain_ready)
    customer_reply(ticket, author=chain_ready.contact, body="Журнал приложили.")
    with translation.override("ru"):  # the partner escalates from a Russian page
        escalation = escalate_to_vendor(ticket, author=chain_ready.engineer, dossier=dossier())
    english = english_words()
    usernames = {"other_engineer", "vendor_engineer", "sibling_contact"}
    # The world's names are English data, not words of the product.
    data = frozenset(
        [str(person) for person in Person.objects.all()]
        + [org.name for org in Organisation.objects.all()]
    )
    found = []
    for who, path in pages(chain_ready, ticket, escalation):
        client = Client()
        if who:
            client.force_login(getattr(chain_ready, who))
        for language in ("ru", "en"):
            response = client.get(path, headers={"accept-language": language})
            assert response.status_code == 200, path
            found += [
                f"{language} {path}: {miss}"
                for miss in findings(response.content.decode(), language, english, data)
                if not any(name in miss for name in usernames)
            ]
    assert "\n".join(found) == ""
