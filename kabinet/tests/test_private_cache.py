"""What a signed-in person is shown is not cached (``Cache-Control: private, no-store``):
pages, API answers, file downloads, errors; anonymous answers stay as they were."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import Client, RequestFactory

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.middleware import PrivateCacheMiddleware
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets.actions import add_attachment
from kabinet.tickets.tests.factories import file_ticket


def _directives(value: str) -> set[str]:
    return {part.strip() for part in value.split(",") if part.strip()}


def _private(response: HttpResponseBase) -> bool:
    return {"private", "no-store"} <= _directives(response.get("Cache-Control", ""))


def test_signed_in_pages_downloads_and_errors_are_not_cached(world: World, client: Client) -> None:
    ticket = file_ticket(world.contract, world.contact)
    attachment = add_attachment(
        ticket, author=world.contact, filename="a.log", content_type="text/plain", chunks=[b"x"]
    )
    client.force_login(world.contact)
    for path in (
        "/client/",
        f"/tickets/{ticket.number}/",
        f"/tickets/{ticket.number}/files/{attachment.pk}/",
        "/tickets/KB-999999/",
    ):
        response = client.get(path)
        assert _private(response), (path, response.status_code, response.get("Cache-Control"))


def test_api_answers_to_a_token_are_not_cached(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    api = client_for(world.contact)
    for path in (
        f"/api/v1/tickets/{ticket.number}",
        f"/api/v1/tickets/{ticket.number}/attachments",
        "/api/v1/tickets/KB-999999",
    ):
        response = api.get(path)
        assert _private(response), (path, response.status_code, response.get("Cache-Control"))


def test_anonymous_answers_are_left_as_the_view_made_them() -> None:
    request = RequestFactory().get("/login/")
    request.user = AnonymousUser()
    response = PrivateCacheMiddleware(lambda request: HttpResponse())(request)
    assert not response.has_header("Cache-Control")


def test_a_stricter_header_of_the_view_is_kept_and_public_goes(db: None) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse()
        response["Cache-Control"] = "public, no-cache, must-revalidate, max-age=0"
        return response

    request = RequestFactory().get("/")
    request.user = PersonFactory.create()
    response = PrivateCacheMiddleware(view)(request)
    assert _directives(response["Cache-Control"]) == {
        "private",
        "no-store",
        "no-cache",
        "must-revalidate",
        "max-age=0",
    }
