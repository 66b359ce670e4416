"""Routing rules (seed 004: "уровни обслуживания … зависят от … категории проблемы"): a
supplier's rule sends new tickets of a category to a line other than its first."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kabinet.conftest import World
from kabinet.contracts.models import CalendarKey
from kabinet.lines.models import CategoryRoute, SupportLine
from kabinet.lines.queries import current_line, current_line_id, line_history, work_queue
from kabinet.orgs.tests.factories import OrganisationFactory
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket


@pytest.fixture
def routed(world: World) -> dict[str, SupportLine]:
    lines = {
        key: SupportLine.objects.create(
            supplier=world.partner,
            key=key,
            name=key,
            position=position,
            reaction_amount=hours,
            reaction_calendar=CalendarKey.BUSINESS,
        )
        for position, (key, hours) in enumerate([("consultant", 2), ("manager", 4)], start=1)
    }
    CategoryRoute.objects.create(
        supplier=world.partner, category="configuration", line=lines["manager"]
    )
    package = world.contract.package
    package.request_categories = ["support", "configuration"]
    package.save(update_fields=["request_categories"])
    world.contract.personal_consultant = None
    world.contract.save(update_fields=["personal_consultant"])
    return lines


def test_the_category_chooses_the_first_line(world: World, routed: dict[str, SupportLine]) -> None:
    support = file_ticket(world.contract, world.contact)
    consultation = file_ticket(world.contract, world.contact, category="configuration")
    assert current_line(support) == routed["consultant"]
    assert current_line(consultation) == routed["manager"]
    stays = line_history(consultation, consultation.registered_at)
    assert [stay.line for stay in stays] == [routed["manager"]]
    assert stays[0].reaction.target is not None
    assert stays[0].reaction.target.duration.total_seconds() == 4 * 3600
    lines_by_ticket = dict(
        Ticket.objects.annotate(line=current_line_id()).values_list("pk", "line")
    )
    assert lines_by_ticket == {
        support.pk: routed["consultant"].pk,
        consultation.pk: routed["manager"].pk,
    }


def test_each_line_queues_the_tickets_routed_to_it(
    world: World, routed: dict[str, SupportLine]
) -> None:
    routed["manager"].members.add(world.engineer)
    file_ticket(world.contract, world.contact)
    consultation = file_ticket(world.contract, world.contact, category="configuration")
    assert list(work_queue(world.engineer)) == [consultation]


def test_a_rule_names_a_line_of_the_same_supplier(
    world: World, routed: dict[str, SupportLine]
) -> None:
    other = OrganisationFactory.create(kind="partner")
    route = CategoryRoute(supplier=other, category="wish", line=routed["manager"])
    with pytest.raises(ValidationError, match="same supplier"):
        route.full_clean()
