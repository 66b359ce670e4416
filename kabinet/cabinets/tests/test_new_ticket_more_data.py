"""The new-ticket form's "more diagnostic data" statement: offered with the package's real
attachment limit in both languages, and the ticket page shows the upload place right after
filing; without the statement there is none. Who may use the form at all is in
test_access_matrix (customers' contacts 200, supplier staff 404)."""

from __future__ import annotations

from django.test import Client

from kabinet.conftest import World
from kabinet.tickets.models import Ticket, UploadPlace

KB = 1024


def _data(world: World, **extra: str) -> dict[str, object]:
    return {
        "contract": world.contract.pk,
        "subject": "Зависает закрытие месяца",
        "description": "Журнал за сутки — 800 МБ.",
        "criticality": "3",
        "is_production": "on",
        **extra,
    }


def _client(world: World, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(world.contact)
    return client


def test_the_form_offers_the_statement_with_the_packages_limit(world: World) -> None:
    package = world.contract.package
    package.attachment_size_limit = 3 * KB * KB
    package.save()

    english = _client(world).get("/client/new/").content.decode()
    russian = _client(world, "ru").get("/client/new/").content.decode()

    assert 'name="more_diagnostic_data"' in english
    assert "There is diagnostic data larger than 3.0\xa0MB — give me a place to upload it" in (
        english
    )
    assert "Files up to 3.0\xa0MB can be attached on the ticket page." in english
    assert "Есть диагностические данные больше 3,0\xa0МБ — дайте место для загрузки" in russian
    assert "Файлы до 3,0\xa0МБ прикладываются на странице обращения." in russian


def test_filing_with_the_statement_shows_the_place_on_the_ticket_page(world: World) -> None:
    client = _client(world)
    response = client.post("/client/new/", _data(world, more_diagnostic_data="on"))
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/tickets/{ticket.number}/"

    page = client.get(response["Location"]).content.decode()

    assert UploadPlace.objects.filter(ticket=ticket).count() == 1
    assert "Open until" in page and "2.0\xa0GB" in page
    assert f"/tickets/{ticket.number}/upload-place/files/" in page
    assert "Upload place opened" in page


def test_filing_without_the_statement_opens_no_place(world: World) -> None:
    client = _client(world)
    response = client.post("/client/new/", _data(world))
    assert response.status_code == 302

    page = client.get(response["Location"]).content.decode()

    assert UploadPlace.objects.count() == 0
    assert "Open until" not in page
    assert "I have more diagnostic data" in page


def test_a_refused_filing_opens_no_place(world: World) -> None:
    response = _client(world).post(
        "/client/new/", _data(world, more_diagnostic_data="on", criticality="2", is_production="")
    )
    assert response.status_code == 400
    assert (Ticket.objects.count(), UploadPlace.objects.count()) == (0, 0)
