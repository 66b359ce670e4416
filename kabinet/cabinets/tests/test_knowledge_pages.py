"""The knowledge-base pages and the search box × every person of the world: 200, 302 (to
sign-in or after an act) or 404; nothing hidden reaches a page, a snippet or a suggestion."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from kabinet.conftest import World
from kabinet.knowledge.models import Article, ArticleRevision, ArticleVisibility, ArticleVisit
from kabinet.knowledge.tests.factories import publish
from kabinet.tickets.actions import add_internal_comment, propose_solution
from kabinet.tickets.models import EventKind, Ticket

ANON, CONTACT, ADMIN, SIBLING, OUTSIDER, ENGINEER, OTHER_ENGINEER, VENDOR = (
    "anon",
    "contact",
    "admin",
    "sibling_contact",
    "outsider",
    "engineer",
    "other_engineer",
    "vendor_engineer",
)
PEOPLE = (ANON, CONTACT, ADMIN, SIBLING, OUTSIDER, ENGINEER, OTHER_ENGINEER, VENDOR)
EVERYONE = dict.fromkeys(PEOPLE[1:], 200)
ONLY_ENGINEER = {**dict.fromkeys(PEOPLE[1:], 404), ENGINEER: 200}


def login(client: Client, world: World, who: str) -> None:
    if who != ANON:
        client.force_login(getattr(world, who))


@pytest.fixture
def shelf(world: World) -> dict[str, Article]:
    return {
        "public": publish(
            world.engineer,
            world.partner,
            "Заказы не проводятся",
            title_en="Orders are not posted",
            body_ru="Проверьте **права** <script>alert(1)</script>",
            visibility=ArticleVisibility.PUBLIC,
        ),
        "internal": publish(
            world.engineer,
            world.partner,
            "Заказы: внутренняя кухня",
            visibility=ArticleVisibility.INTERNAL,
        ),
    }


PAGES: dict[str, dict[str, int]] = {
    "/knowledge/": EVERYONE,
    "/knowledge/?q=заказов": EVERYONE,
    "/knowledge/new/": {
        **dict.fromkeys(PEOPLE[1:], 404),
        ENGINEER: 200,
        OTHER_ENGINEER: 200,
        VENDOR: 200,
    },
    "/knowledge/{public}/": EVERYONE,
    "/knowledge/{internal}/": ONLY_ENGINEER,
    "/knowledge/{public}/edit/": ONLY_ENGINEER,
    "/knowledge/{internal}/edit/": ONLY_ENGINEER,
    "/knowledge/999999/": dict.fromkeys(PEOPLE[1:], 404),
    "/knowledge/suggestions/?text=заказ": EVERYONE,
    "/search/?q=заказ": EVERYONE,
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_access(
    world: World, shelf: dict[str, Article], client: Client, page: str, who: str
) -> None:
    login(client, world, who)
    url = page.format(public=shelf["public"].pk, internal=shelf["internal"].pk)
    response = client.get(url)
    expected = 302 if who == ANON else PAGES[page][who]
    assert response.status_code == expected
    if who not in (ENGINEER, ANON):
        assert "внутренняя" not in response.content.decode()


@pytest.mark.parametrize("who", PEOPLE)
def test_the_search_box_shows_each_person_only_their_tickets_and_words(
    world: World, ticket: Ticket, client: Client, who: str
) -> None:
    add_internal_comment(ticket, author=world.engineer, body="Заказы ломает регламентное задание")
    login(client, world, who)
    response = client.get("/search/", {"q": "posting order"})
    if who == ANON:
        assert response.status_code == 302
        return
    sees = who in (CONTACT, ADMIN, SIBLING, ENGINEER)
    assert (str(ticket.number) in response.content.decode()) is sees
    internal = client.get("/search/", {"q": "регламентного заказа"}).content.decode()
    assert (str(ticket.number) in internal) is (who == ENGINEER)
    assert ("регламентное" in internal) is (who == ENGINEER)


def test_the_article_page_renders_markdown_safely_and_counts_the_visit(
    world: World, shelf: dict[str, Article], client: Client
) -> None:
    client.force_login(world.contact)
    text = client.get(f"/knowledge/{shelf['public'].pk}/").content.decode()
    assert "<strong>права</strong>" in text
    assert "<script>alert(1)</script>" not in text
    assert ArticleVisit.objects.filter(person=world.contact).count() == 1


def test_the_editor_saves_a_revision(
    world: World, shelf: dict[str, Article], client: Client
) -> None:
    client.force_login(world.engineer)
    article = shelf["public"]
    form = {
        "owner": world.partner.pk,
        "kind": "known_problem",
        "state": "published",
        "visibility": "customers",
        "tags": "заказы, Проведение",
        "title_ru": "Заказы не проводятся в 3.1",
        "body_ru": "Текст",
        "affected_versions": "3.1",
        "problem_status": "fixed",
        "fixed_in_version": "",
    }
    refused = client.post(f"/knowledge/{article.pk}/edit/", form)
    assert refused.status_code == 400
    assert "Name the release that fixes the problem." in refused.content.decode()
    form["fixed_in_version"] = "3.2"
    assert client.post(f"/knowledge/{article.pk}/edit/", form).status_code == 302
    article.refresh_from_db()
    assert (article.revision, article.tags) == (2, ["заказы", "проведение"])
    assert ArticleRevision.objects.filter(article=article).count() == 2


def test_a_customer_cannot_post_the_editor(world: World, client: Client) -> None:
    client.force_login(world.contact)
    assert client.post("/knowledge/new/", {"title_ru": "x"}).status_code == 404


def test_images_are_stored_and_served_to_readers_only(
    world: World, shelf: dict[str, Article], client: Client
) -> None:
    client.force_login(world.engineer)
    article = shelf["internal"]
    png = io.BytesIO(b"\x89PNG\r\n\x1a\n")
    png.name = "схема.png"
    response = client.post(f"/knowledge/{article.pk}/images/", {"file": png})
    assert response.status_code == 302
    image = article.images.get()
    url = f"/knowledge/{article.pk}/images/{image.pk}/"
    assert client.get(url).status_code == 200
    client.force_login(world.contact)
    assert client.get(url).status_code == 404


def test_feedback_counts_and_hidden_articles_are_404(
    world: World, shelf: dict[str, Article], client: Client
) -> None:
    client.force_login(world.contact)
    public, internal = shelf["public"].pk, shelf["internal"].pk
    answer = client.post(f"/knowledge/{public}/feedback/", {"solved": "yes"})
    assert answer.json() == {"solved": 1, "unsolved": 0}
    assert client.post(f"/knowledge/{public}/feedback/", {"solved": "?"}).status_code == 400
    assert client.post(f"/knowledge/{internal}/feedback/", {"solved": "yes"}).status_code == 404


def test_suggestions_never_offer_what_the_person_cannot_read(
    world: World, shelf: dict[str, Article], client: Client
) -> None:
    client.force_login(world.contact)
    found = client.get("/knowledge/suggestions/", {"text": "не проводятся заказы"}).json()
    assert [a["id"] for a in found["articles"]] == [shelf["public"].pk]


@pytest.mark.parametrize(("who", "expected"), [(ENGINEER, 302), (CONTACT, 400), (OUTSIDER, 404)])
def test_answer_with_an_article_from_the_ticket_page(
    world: World, ticket: Ticket, shelf: dict[str, Article], client: Client, who: str, expected: int
) -> None:
    client.force_login(getattr(world, who))
    response = client.post(
        f"/tickets/{ticket.number}/article-answer/", {"article": shelf["public"].pk}
    )
    assert response.status_code == expected
    replies = ticket.events.filter(kind=EventKind.PUBLIC_REPLY)
    assert replies.exists() is (expected == 302)


def test_the_ticket_page_offers_the_suppliers_articles(
    world: World, ticket: Ticket, shelf: dict[str, Article], client: Client
) -> None:
    client.force_login(world.engineer)
    text = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert f"№ {shelf['public'].pk}" in text
    assert f"№ {shelf['internal'].pk}" not in text


def test_a_solution_becomes_a_draft_from_the_ticket_page(
    world: World, ticket: Ticket, client: Client
) -> None:
    propose_solution(ticket, author=world.engineer, body="Перезапустите сервер.")
    client.force_login(world.outsider)
    assert client.post(f"/tickets/{ticket.number}/article-draft/").status_code == 404
    client.force_login(world.engineer)
    response = client.post(f"/tickets/{ticket.number}/article-draft/")
    assert response.status_code == 302
    draft = Article.objects.get(source_ticket=ticket)
    assert response["Location"] == f"/knowledge/{draft.pk}/edit/"


def test_the_queue_finds_internal_notes_and_word_forms(
    world: World, ticket: Ticket, client: Client
) -> None:
    add_internal_comment(ticket, author=world.engineer, body="Виновато регламентное задание")
    client.force_login(world.engineer)
    assert str(ticket.number) in client.get("/partner/", {"text": "регламентные"}).content.decode()
    client.force_login(world.contact)
    assert str(ticket.number) not in client.get("/client/", {"q": "регламентные"}).content.decode()
    assert str(ticket.number) in client.get("/client/", {"q": "posted orders"}).content.decode()


def test_dossier_item_7_starts_with_the_articles_the_partner_opened(
    chain_ready: World, ticket: Ticket, shelf: dict[str, Article], client: Client
) -> None:
    client.force_login(chain_ready.engineer)
    client.get(f"/knowledge/{shelf['public'].pk}/")
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert f"— Заказы не проводятся: http://127.0.0.1:8000/knowledge/{shelf['public'].pk}/" in page
