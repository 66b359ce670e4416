"""Request categories (seeds 002-004): a ticket asks for one of the categories its package
covers; anything else is refused as outside the package's support, naming the package."""

from __future__ import annotations

import pytest
from django.utils import translation

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.errors import DomainError
from kabinet.tickets.tests.factories import file_ticket


def covers(world: World, *categories: str) -> None:
    package = world.contract.package
    package.request_categories = list(categories)
    package.save(update_fields=["request_categories"])


def test_a_package_naming_no_categories_takes_support_questions_only(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    assert ticket.category == "support"
    with pytest.raises(DomainError, match="does not cover") as info:
        file_ticket(world.contract, world.contact, category="configuration")
    assert info.value.field == "category"
    assert world.contract.package.name in str(info.value.message)


def test_configuration_consultations_only_where_the_package_covers_them(world: World) -> None:
    covers(world, "support", "configuration")
    ticket = file_ticket(world.contract, world.contact, category="configuration")
    assert ticket.category == "configuration"
    with translation.override("ru"), pytest.raises(DomainError) as info:
        file_ticket(world.contract, world.contact, category="wish")
    message = str(info.value.message)
    assert message == (
        f"Пакет поддержки «{world.contract.package.name}» не включает «пожелание по развитию "
        "продукта»: это обращение вне его технической поддержки."
    )


def test_an_unknown_category_is_refused(world: World) -> None:
    with pytest.raises(DomainError, match="Unknown request category"):
        file_ticket(world.contract, world.contact, category="gossip")


def test_the_api_files_and_shows_the_category_and_refuses_by_field(world: World) -> None:
    covers(world, "support", "wish")
    body = {
        "contract": world.contract.pk,
        "subject": "Export to Excel",
        "description": "Please add an export of the report.",
        "criticality": 4,
        "is_production": False,
        "category": "wish",
    }
    client = client_for(world.contact)
    created = client.post("/api/v1/tickets", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["category"] == "wish"
    refused = client.post("/api/v1/tickets", {**body, "category": "paid_work"}, format="json")
    assert refused.status_code == 400
    assert "outside its support" in refused.content.decode()
    assert "category" in refused.content.decode()


def test_the_consultant_takes_new_tickets_only_where_the_package_includes_one(
    world: World,
) -> None:
    assert file_ticket(world.contract, world.contact).assignee == world.engineer
    package = world.contract.package
    package.dedicated_specialist = False
    package.save(update_fields=["dedicated_specialist"])
    assert file_ticket(world.contract, world.contact).assignee is None
