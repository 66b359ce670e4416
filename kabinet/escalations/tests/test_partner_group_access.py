"""Seed 001: "При наличии … группы компаний, членом которой является партнер со статусом …
доступ к сервису получают все сотрудники всех участников группы". While the partner holds a
status, every registered person of every member of its company group (another partner
without a status, a customer of any partner) works with the vendor as the partner's staff:
reads and answers the partner's vendor tickets. Not the partner's customers' tickets, not
outside the group, not after the status ends."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client

from kabinet.api.tests.clients import client_for
from kabinet.escalations.actions import escalate_to_vendor
from kabinet.escalations.models import Escalation
from kabinet.escalations.plan_consent import agree_action_plan
from kabinet.escalations.tests.conftest import Chain, full_dossier
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import CompanyGroup, OrganisationKind, PartnerStatus, Person, Role
from kabinet.orgs.queries import customer_organisation_ids, is_partner_staff
from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory
from kabinet.tickets.actions import add_internal_comment, record_public_reply
from kabinet.tickets.models import EventKind


@dataclass
class Holding:
    escalation: Escalation
    affiliate_engineer: Person  # an engineer of another partner in the group, no status
    holding_contact: Person  # a customer organisation's contact in the group
    stranger: Person  # an engineer of a partner in another group


def _person(kind: str, role: Role, name: str, group: CompanyGroup | None) -> Person:
    organisation = OrganisationFactory.create(name=name.title(), kind=kind, group=group)
    person = PersonFactory.create(username=name)
    grant_role(organisation=organisation, person=person, role=role)
    return person


@pytest.fixture
def holding(chain: Chain) -> Holding:
    world = chain.world
    group = CompanyGroup.objects.create(name="Holding")
    world.partner.group = group
    world.partner.save(update_fields=["group"])
    other_group = CompanyGroup.objects.create(name="Elsewhere")
    return Holding(
        escalation=escalate_to_vendor(chain.ticket, author=world.engineer, dossier=full_dossier()),
        affiliate_engineer=_person(OrganisationKind.PARTNER, Role.ENGINEER, "affiliate", group),
        holding_contact=_person(
            OrganisationKind.CUSTOMER, Role.AUTHORISED_CONTACT, "holding_contact", group
        ),
        stranger=_person(OrganisationKind.PARTNER, Role.ENGINEER, "stranger", other_group),
    )


MAY = ("affiliate_engineer", "holding_contact")
MAY_NOT = ("stranger",)
WORLD_MAY_NOT = ("contact", "sibling_contact", "other_engineer", "outsider")


def _who(chain: Chain, holding: Holding, name: str) -> Person:
    person = getattr(holding, name, None) or getattr(chain.world, name)
    assert isinstance(person, Person)
    return person


@pytest.mark.parametrize(
    ("name", "reads"),
    [*[(n, True) for n in MAY], *[(n, False) for n in (*MAY_NOT, *WORLD_MAY_NOT)]],
)
def test_who_reads_and_answers_the_partners_vendor_ticket(
    chain: Chain, holding: Holding, name: str, reads: bool
) -> None:
    person = _who(chain, holding, name)
    number = holding.escalation.vendor_ticket.number
    client = client_for(person)
    assert client.get(f"/api/v1/tickets/{number}").status_code == (200 if reads else 404)
    reply = client.post(
        f"/api/v1/tickets/{number}/customer-replies", {"body": "Logs attached."}, format="json"
    )
    assert reply.status_code == (201 if reads else 404)
    page = Client()
    page.force_login(person)
    assert page.get(f"/tickets/{number}/").status_code == (200 if reads else 404)
    assert is_partner_staff(person, chain.world.partner.pk) is reads


@pytest.mark.parametrize("name", MAY)
def test_the_group_does_not_open_the_partners_customers_tickets(
    chain: Chain, holding: Holding, name: str
) -> None:
    person = _who(chain, holding, name)
    client = client_for(person)
    assert client.get(f"/api/v1/tickets/{chain.ticket.number}").status_code == 404
    vendor_ticket = holding.escalation.vendor_ticket
    note = add_internal_comment(vendor_ticket, author=chain.world.vendor_engineer, body="Ours.")
    events = client.get(f"/api/v1/tickets/{vendor_ticket.number}/events")
    shown = {row["id"] for row in events.json()["results"]}
    assert shown and note.pk not in shown  # the partner's side: public events only


def test_a_group_member_answers_the_action_plan_as_the_partner(
    chain: Chain, holding: Holding
) -> None:
    vendor_ticket = holding.escalation.vendor_ticket
    record_public_reply(
        vendor_ticket, author=chain.world.vendor_engineer, body="1. Logs.", action_plan=True
    )
    event = agree_action_plan(holding.escalation, author=holding.affiliate_engineer)
    assert event.kind == EventKind.ACTION_PLAN_AGREED


def test_the_access_ends_with_the_partners_status(
    chain: Chain, holding: Holding, frozen_time: time_machine.Traveller
) -> None:
    world = chain.world
    number = holding.escalation.vendor_ticket.number
    frozen_time.move_to(dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC))  # status ended 2026-12-31
    assert (
        client_for(holding.affiliate_engineer).get(f"/api/v1/tickets/{number}").status_code == 404
    )
    assert world.partner.pk not in customer_organisation_ids(holding.holding_contact)
    # The partner's own staff keep reading (seed 001: access stays after the status ends).
    assert client_for(world.engineer).get(f"/api/v1/tickets/{number}").status_code == 200
    # A new status gives the group its access again.
    PartnerStatus.objects.create(
        organisation=world.partner,
        level="Кандидат",
        valid_from=dt.date(2027, 1, 1),
        valid_to=dt.date(2027, 12, 31),
    )
    assert (
        client_for(holding.affiliate_engineer).get(f"/api/v1/tickets/{number}").status_code == 200
    )


def test_a_partner_without_a_status_passes_nothing_to_its_group(
    chain: Chain, holding: Holding
) -> None:
    """The affiliate partner has no status: the partner's staff reach none of its rows."""
    affiliate = holding.affiliate_engineer.memberships.get().organisation
    assert affiliate.pk not in customer_organisation_ids(chain.world.engineer)
    assert not is_partner_staff(chain.world.engineer, affiliate.pk)
