"""Search finds Russian and English word forms on either database, and never shows a person
a ticket, an article or a word of one they may not read."""

from __future__ import annotations

import pytest

from kabinet.conftest import World
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.knowledge.models import Article, ArticleState, ArticleVisibility
from kabinet.knowledge.queries import (
    TicketHit,
    search_articles,
    search_tickets,
    suggested_articles,
)
from kabinet.knowledge.tests.factories import publish
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Person, Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets.actions import add_attachment, add_internal_comment, record_public_reply
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket


def numbers(hits: list[TicketHit]) -> list[str]:
    return [str(hit.ticket.number) for hit in hits]


@pytest.fixture
def invoice(world: World) -> Ticket:
    return file_ticket(
        world.contract,
        world.contact,
        subject="Ошибка при проведении документов",
        description="Не проводится счёт-фактура, пишет «нет доступа».",
    )


def test_russian_word_forms_find_the_ticket(world: World, invoice: Ticket) -> None:
    assert numbers(search_tickets(world.contact, "ошибки проведения")) == [invoice.number]
    assert numbers(search_tickets(world.contact, "документ провести ошибкой сбой")) == []
    assert numbers(search_tickets(world.contact, "документам ошибкой")) == [invoice.number]


def test_english_word_forms_find_the_ticket(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, subject="Posting documents fails")
    assert numbers(search_tickets(world.contact, "posted document")) == [ticket.number]


def test_the_number_fragment_finds_the_ticket(world: World, invoice: Ticket) -> None:
    assert numbers(search_tickets(world.contact, str(invoice.number)[:6].lower())) == [
        invoice.number
    ]


def test_public_replies_and_file_names_are_searched(world: World, invoice: Ticket) -> None:
    record_public_reply(invoice, author=world.engineer, body="Переустановите платформу.")
    add_attachment(
        invoice,
        author=world.contact,
        filename="журнал_регистрации.zip",
        content_type="application/zip",
        chunks=[b"PK"],
    )
    assert numbers(search_tickets(world.contact, "переустановить платформы")) == [invoice.number]
    assert numbers(search_tickets(world.contact, "журнал")) == [invoice.number]


def test_other_tenants_find_nothing(world: World, invoice: Ticket) -> None:
    assert search_tickets(world.outsider, "ошибка") == []
    assert search_tickets(world.other_engineer, "ошибка") == []
    assert search_tickets(world.vendor_engineer, "ошибка") == []
    assert numbers(search_tickets(world.sibling_contact, "ошибка")) == [invoice.number]
    assert numbers(search_tickets(world.engineer, "ошибка")) == [invoice.number]


def test_internal_notes_are_searched_for_the_supplier_only(world: World, invoice: Ticket) -> None:
    add_internal_comment(invoice, author=world.engineer, body="Клиент сломал лицензию, ошибка наша")
    assert numbers(search_tickets(world.engineer, "лицензия")) == [invoice.number]
    assert "<mark>лицензию</mark>" in search_tickets(world.engineer, "лицензия")[0].snippet
    assert search_tickets(world.contact, "лицензия") == []
    assert search_tickets(world.contact, "лицензия ошибка") == []
    # Found by a public word, the customer's snippet is cut from public text only.
    (hit,) = search_tickets(world.contact, "ошибка")
    assert "<mark>Ошибка</mark>" in hit.snippet
    assert "лиценз" not in hit.snippet


def test_snippets_escape_what_people_typed(world: World) -> None:
    file_ticket(world.contract, world.contact, subject="<script>alert(1)</script> сбой")
    (hit,) = search_tickets(world.contact, "сбой")
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet


@pytest.fixture
def shelf(world: World) -> dict[str, Article]:
    """Articles of the partner and the vendor in every visibility, all about "обновление"."""
    ContractFactory.create(supplier=world.vendor, customer=world.partner)
    articles: dict[str, Article] = {}
    for owner, author in ((world.partner, world.engineer), (world.vendor, world.vendor_engineer)):
        for visibility in ArticleVisibility:
            if visibility == ArticleVisibility.PARTNERS and owner == world.partner:
                continue
            key = f"{owner.name}:{visibility.value}"
            articles[key] = publish(
                author, owner, f"Обновление конфигурации {key}", visibility=visibility
            )
    articles["Partner:draft"] = publish(
        world.engineer,
        world.partner,
        "Обновление черновик",
        visibility=ArticleVisibility.PUBLIC,
        state=ArticleState.DRAFT,
    )
    return articles


def found_titles(person: Person, query: str = "обновления") -> set[str]:
    return {hit.article.title_ru.split()[-1] for hit in search_articles(person, query)}


def test_articles_reach_exactly_their_readers(world: World, shelf: dict[str, Article]) -> None:
    assert found_titles(world.contact) == {
        "Partner:public",
        "Partner:customers",
        "Vendor:public",
    }
    assert found_titles(world.outsider) == {"Partner:public", "Vendor:public"}
    # The partner is the vendor's customer and partner; the draft is its own.
    assert found_titles(world.engineer) == {
        "Partner:public",
        "Partner:customers",
        "Partner:internal",
        "черновик",
        "Vendor:public",
        "Vendor:customers",
        "Vendor:partners",
    }
    assert found_titles(world.other_engineer) == {"Partner:public", "Vendor:public"}
    assert found_titles(world.vendor_engineer) == {
        "Partner:public",
        "Vendor:public",
        "Vendor:customers",
        "Vendor:partners",
        "Vendor:internal",
    }


def test_a_customer_of_a_partner_never_reads_partner_notes(
    world: World, shelf: dict[str, Article]
) -> None:
    """Even a person of a customer organisation that holds a contract with the vendor."""
    ContractFactory.create(supplier=world.vendor, customer=world.customer)
    assert "Vendor:partners" not in found_titles(world.contact)
    assert "Vendor:customers" in found_titles(world.contact)


def test_suggestions_match_any_word_best_first(world: World) -> None:
    publish(world.engineer, world.partner, "Печать счетов", visibility="public")
    best = publish(
        world.engineer, world.partner, "Ошибка печати счетов на принтере", visibility="public"
    )
    hits = suggested_articles(world.contact, "При печати счета возникает ошибка")
    assert hits[0].article.pk == best.pk
    assert len(hits) == 2
    assert "<mark>" in hits[0].snippet


def test_english_article_bodies_are_stemmed_in_english(world: World) -> None:
    article = publish(
        world.engineer,
        world.partner,
        "Настройка обмена",
        body_en="Configuring the exchange schedules",
        visibility="public",
    )
    assert [hit.article for hit in search_articles(world.contact, "configured schedule")] == [
        article
    ]


def test_a_person_of_two_sides_sees_what_either_side_sees(world: World, invoice: Ticket) -> None:
    both = PersonFactory.create(username="both")
    grant_role(organisation=world.other_customer, person=both, role=Role.AUTHORISED_CONTACT)
    assert search_tickets(both, "ошибка") == []
    grant_role(organisation=world.partner, person=both, role=Role.ENGINEER)
    assert numbers(search_tickets(both, "ошибка")) == [invoice.number]
