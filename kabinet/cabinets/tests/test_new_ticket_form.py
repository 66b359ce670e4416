"""The new-ticket form starts from what Kabinet knows (organisation, person, contract), names
each contract as the customer knows it, and lists what to correct at the top, each item a
link to its field."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kabinet.cabinets.forms.tickets import intake_prefill
from kabinet.conftest import World
from kabinet.tickets.models import Attachment, Ticket


def test_intake_starts_from_the_person_the_organisation_and_the_contract(
    world: World,
) -> None:
    world.contact.full_name, world.contact.phone = "Дмитрий Соколов", "+7 343 000-00-00"
    world.contact.save()
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)
    html = client.get("/client/new/").content.decode()
    contract = world.contract
    for name, value in (
        ("company", world.customer.name),
        ("delivery_number", contract.number),
        ("contact_name", "Дмитрий Соколов"),
        ("contact_phone", "+7 343 000-00-00"),
        ("contact_email", world.contact.email),
    ):
        assert f'name="intake_{name}" value="{value}"' in html, name
    option = f"{contract.number} · {contract.package} · {contract.supplier}"
    assert option in html
    assert "выберите" not in html and "Select an option" not in html  # no blank choice


def test_error_summary_links_each_field_to_correct(world: World) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)
    response = client.post(
        "/client/new/", {"contract": world.contract.pk, "criticality": "3", "subject": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</div>", start)]
    assert "Исправьте, пожалуйста, эти поля:" in summary
    assert '<a href="#id_subject">Тема</a>' in summary
    assert '<a href="#id_description">' in summary


def test_several_files_are_attached_while_filing(world: World, attachments_dir: Path) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)
    data = {
        "contract": world.contract.pk,
        "subject": "Ошибка проведения",
        "description": "Снимок и журнал приложены.",
        "criticality": "3",
        "is_production": "on",
        **intake_prefill(world.contact, world.contract),
        "intake_product": "CRM 3.1",
        "attachments": [
            SimpleUploadedFile("screen.png", b"\x89PNG shot", "image/png"),
            SimpleUploadedFile("log.txt", b"lock timeout", "text/plain"),
        ],
    }
    data |= {
        f"intake_{name}": "Сведения"
        for name in world.contract.package.mandatory_intake_fields
        if f"intake_{name}" not in data
    }
    response = client.post("/client/new/", data)
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert sorted(a.filename for a in Attachment.objects.filter(ticket=ticket)) == [
        "log.txt",
        "screen.png",
    ]


def test_a_file_over_the_limit_files_nothing_and_says_why(world: World) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)
    limit = world.contract.package.attachment_size_limit
    big = SimpleUploadedFile("dump.dt", b"x" * (limit + 1), "application/octet-stream")
    response = client.post(
        "/client/new/",
        {"contract": world.contract.pk, "subject": "S", "description": "D", "attachments": [big]},
    )
    assert response.status_code == 400
    assert "«dump.dt» больше" in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_form_asks_for_screenshots_where_the_package_says_so(
    world: World, attachments_dir: Path
) -> None:
    """Seed 004, step 1: "Скриншоты (в форматах: JPG, GIF, PNG) или видео"."""
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)
    asked = "Скриншоты (JPG, GIF, PNG) или видео, показывающие проблему"
    assert asked not in client.get("/client/new/").content.decode()
    package = world.contract.package
    package.asks_for_screenshots = True
    package.save(update_fields=["asks_for_screenshots"])
    page = client.get(f"/client/new/?contract={world.contract.pk}").content.decode()
    assert asked in page
    assert "Поддержка просит их к каждому вопросу" in page
    english = Client(headers={"accept-language": "en"})
    english.force_login(world.contact)
    assert "Screenshots (JPG, GIF, PNG) or a video" in english.get("/client/new/").content.decode()
    # The sibling's contract (the company group's) is on its own package, which does not ask.
    assert world.sibling_contract.package_id != package.pk
    other = client.get(f"/client/new/?contract={world.sibling_contract.pk}")
    assert other.status_code == 200
    assert asked not in other.content.decode()
