"""The search and article endpoints × every person of the world: what one may not read is a
404 exactly like an id that does not exist; nothing hidden shows up in a result or snippet."""

from __future__ import annotations

import pytest

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.knowledge.models import Article, ArticleVisibility, SuggestionFeedback
from kabinet.knowledge.tests.factories import publish
from kabinet.tickets.actions import add_internal_comment, propose_solution
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

PEOPLE = (
    "contact",
    "admin",
    "sibling_contact",
    "outsider",
    "engineer",
    "other_engineer",
    "vendor_engineer",
)


@pytest.fixture
def ticket(world: World) -> Ticket:
    ticket = file_ticket(
        world.contract, world.contact, subject="Зависает закрытие месяца", description="Долго."
    )
    add_internal_comment(ticket, author=world.engineer, body="Закрытие зависает из-за индекса")
    return ticket


@pytest.fixture
def internal(world: World) -> Article:
    return publish(
        world.engineer,
        world.partner,
        "Закрытие месяца: внутренний разбор",
        visibility=ArticleVisibility.INTERNAL,
    )


@pytest.fixture
def public(world: World) -> Article:
    return publish(
        world.engineer, world.partner, "Закрытие месяца", visibility=ArticleVisibility.PUBLIC
    )


SEES_TICKET = {"contact", "admin", "sibling_contact", "engineer"}


@pytest.mark.parametrize("who", PEOPLE)
def test_search_shows_each_person_what_their_lists_show(
    world: World, ticket: Ticket, internal: Article, public: Article, who: str
) -> None:
    response = client_for(getattr(world, who)).get("/api/v1/search", {"q": "закрытия"})
    assert response.status_code == 200
    body = response.json()
    assert [t["number"] for t in body["tickets"]] == ([ticket.number] if who in SEES_TICKET else [])
    titles = {a["title"] for a in body["articles"]}
    expected = {public.title_ru} | ({internal.title_ru} if who == "engineer" else set())
    assert titles == expected
    text = response.content.decode()
    if who != "engineer":
        assert "индекс" not in text
        assert "внутренний" not in text


def test_internal_words_find_nothing_for_the_customer(world: World, ticket: Ticket) -> None:
    found = client_for(world.engineer).get("/api/v1/search", {"q": "индексы"}).json()
    assert [t["number"] for t in found["tickets"]] == [ticket.number]
    assert "<mark>индекса</mark>" in found["tickets"][0]["snippet"]
    hidden = client_for(world.contact).get("/api/v1/search", {"q": "индексы"}).json()
    assert hidden["tickets"] == []


@pytest.mark.parametrize("query", ["", "   ", "x" * 201])
def test_a_bad_query_is_a_400_in_words(world: World, query: str) -> None:
    response = client_for(world.contact).get("/api/v1/search", {"q": query})
    assert response.status_code == 400
    assert "q" in response.content.decode()


def test_search_needs_a_token(db: None) -> None:
    from rest_framework.test import APIClient

    assert APIClient().get("/api/v1/search", {"q": "a"}).status_code in (401, 403)


READS_INTERNAL = {"engineer"}


@pytest.mark.parametrize("who", PEOPLE)
def test_an_internal_article_is_404_to_everyone_else(
    world: World, internal: Article, who: str
) -> None:
    client = client_for(getattr(world, who))
    response = client.get(f"/api/v1/articles/{internal.pk}")
    assert response.status_code == (200 if who in READS_INTERNAL else 404)
    if response.status_code == 404:
        assert response.json() == client.get("/api/v1/articles/999999").json()


WRITES = {"engineer": 200, "other_engineer": 404, "contact": 404, "vendor_engineer": 404}


@pytest.mark.parametrize("who", sorted(WRITES))
def test_only_the_owners_staff_revise_an_article(world: World, public: Article, who: str) -> None:
    body = {"title_ru": "Новое название", "body_ru": "**жирный** <script>x</script>"}
    response = client_for(getattr(world, who)).put(
        f"/api/v1/articles/{public.pk}", body, format="json"
    )
    assert response.status_code == WRITES[who]
    if response.status_code == 200:
        assert response.json()["revision"] == 2
        assert response.json()["body_ru_html"] == (
            "<p><strong>жирный</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
        )


@pytest.mark.parametrize(
    ("who", "expected"), [("engineer", 201), ("vendor_engineer", 201), ("contact", 403)]
)
def test_suppliers_write_articles(world: World, who: str, expected: int) -> None:
    response = client_for(getattr(world, who)).post(
        "/api/v1/articles", {"title_ru": "Как обновить"}, format="json"
    )
    assert response.status_code == expected, response.json()


def test_a_partner_cannot_write_for_its_partners(world: World) -> None:
    response = client_for(world.engineer).post(
        "/api/v1/articles", {"title_ru": "x", "visibility": "partners"}, format="json"
    )
    assert response.status_code == 400
    assert "vendor" in response.content.decode()


def test_suggestions_and_feedback_are_counted(world: World, public: Article) -> None:
    client = client_for(world.contact)
    hits = client.get("/api/v1/articles/suggestions", {"text": "не работает закрытие"}).json()
    assert [hit["id"] for hit in hits] == [public.pk]
    counts = client.post(
        f"/api/v1/articles/{public.pk}/feedback", {"solved": True}, format="json"
    ).json()
    assert counts == {"solved": 1, "unsolved": 0}
    again = client.post(
        f"/api/v1/articles/{public.pk}/feedback", {"solved": False}, format="json"
    ).json()
    assert again == {"solved": 0, "unsolved": 1}
    assert SuggestionFeedback.objects.filter(article=public).count() == 1


def test_the_supplier_answers_with_a_link(world: World, ticket: Ticket, public: Article) -> None:
    response = client_for(world.engineer).post(
        f"/api/v1/tickets/{ticket.number}/article-answers",
        {"article": public.pk, "note": "См. статью"},
        format="json",
    )
    assert response.status_code == 201
    assert f"/knowledge/{public.pk}/" in response.json()["payload"]["body"]


def test_an_article_the_customer_cannot_read_is_refused(
    world: World, ticket: Ticket, internal: Article
) -> None:
    response = client_for(world.engineer).post(
        f"/api/v1/tickets/{ticket.number}/article-answers",
        {"article": internal.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "cannot read" in response.content.decode()


def test_a_solution_becomes_a_draft(world: World, ticket: Ticket) -> None:
    client = client_for(world.engineer)
    number = ticket.number
    assert client.post(f"/api/v1/tickets/{number}/article-drafts").status_code == 400
    propose_solution(ticket, author=world.engineer, body="Перестроить индекс.")
    response = client.post(f"/api/v1/tickets/{number}/article-drafts")
    assert response.status_code == 201
    draft = response.json()
    assert (draft["state"], draft["visibility"]) == ("draft", "internal")
    assert "Перестроить индекс." in draft["body_ru"]
    customer = client_for(world.contact).post(f"/api/v1/tickets/{number}/article-drafts")
    assert customer.status_code == 403


def test_the_schema_describes_search(db: None) -> None:
    from rest_framework.test import APIClient

    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/search" in schema


def test_a_refusal_reads_in_russian_too(world: World) -> None:
    response = client_for(world.engineer).post(
        "/api/v1/articles",
        {"title_ru": "x", "visibility": "partners"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 400
    assert "Статьи для партнёров пишет только вендор." in response.content.decode()
