"""The vendor ticket through the ordinary ticket endpoints: the partner is its customer
(files, replies, accepts, rejects, rates), the vendor its supplier; the escalated customer
and everyone else get 404 as for a number that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kabinet.api.tests.clients import client_for
from kabinet.contracts.models import Contract
from kabinet.escalations.actions import escalate_to_vendor
from kabinet.escalations.models import Escalation
from kabinet.escalations.tests.conftest import Chain, full_dossier
from kabinet.escalations.tests.test_api_access import MISSING, ROLES, _person
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Person, Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets import actions as ticket_actions
from kabinet.tickets.models import Ticket


@pytest.fixture
def escalation(chain: Chain) -> Escalation:
    return escalate_to_vendor(chain.ticket, author=chain.world.engineer, dossier=full_dossier())


def _nothing(chain: Chain, escalation: Escalation) -> None:
    return None


def _solution(chain: Chain, escalation: Escalation) -> None:
    ticket_actions.propose_solution(
        escalation.vendor_ticket, author=chain.world.vendor_engineer, body="Patch 25.1.3."
    )


def _closed(chain: Chain, escalation: Escalation) -> None:
    _solution(chain, escalation)
    ticket_actions.accept_solution(escalation.vendor_ticket, author=chain.world.engineer)


PARTNER = {"engineer", "uncertified"}
# (method, path under the vendor ticket, body, state before, expected by role; others 404)
ENDPOINTS: list[tuple[str, str, Any, Callable[[Chain, Escalation], None], dict[str, int]]] = [
    ("get", "", None, _nothing, {"engineer": 200, "uncertified": 200, "vendor_engineer": 200}),
    (
        "get",
        "/events",
        None,
        _nothing,
        {"engineer": 200, "uncertified": 200, "vendor_engineer": 200},
    ),
    (
        "post",
        "/customer-replies",
        {"body": "The log is attached."},
        _nothing,
        {"engineer": 201, "uncertified": 201, "vendor_engineer": 403},
    ),
    (
        "post",
        "/replies",
        {"body": "Looking into it."},
        _nothing,
        {"engineer": 403, "uncertified": 403, "vendor_engineer": 201},
    ),
    (
        "post",
        "/acceptance",
        {},
        _solution,
        {"engineer": 201, "uncertified": 201, "vendor_engineer": 403},
    ),
    (
        "post",
        "/rejection",
        {"reason": "Still fails on invoice 42."},
        _solution,
        {"engineer": 201, "uncertified": 201, "vendor_engineer": 403},
    ),
    (
        "post",
        "/rating",
        {"rating": 4, "comment": "Quick."},
        _closed,
        {"engineer": 201, "uncertified": 201, "vendor_engineer": 403},
    ),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e[0]} {e[1] or '/'}")
@pytest.mark.parametrize("role", ROLES)
def test_vendor_ticket_endpoints(
    chain: Chain, escalation: Escalation, role: str, endpoint: tuple[Any, ...]
) -> None:
    method, suffix, body, prepare, allowed = endpoint
    prepare(chain, escalation)
    client = client_for(_person(chain, role))
    call = getattr(client, method)
    path = f"/api/v1/tickets/{escalation.number}{suffix}"
    response = call(path, body, format="json") if body is not None else call(path)
    expected = allowed.get(role, 404)
    assert response.status_code == expected, response.json()
    if expected == 404:
        missing = f"/api/v1/tickets/{MISSING}{suffix}"
        other = call(missing, body, format="json") if body is not None else call(missing)
        assert response.json() == other.json()


def test_the_partner_sees_only_the_vendors_public_messages(
    chain: Chain, escalation: Escalation
) -> None:
    world = chain.world
    ticket_actions.add_internal_comment(
        escalation.vendor_ticket, author=world.vendor_engineer, body="VENDOR-INTERNAL"
    )
    ticket_actions.record_public_reply(
        escalation.vendor_ticket, author=world.vendor_engineer, body="Send the log."
    )
    path = f"/api/v1/tickets/{escalation.number}/events"
    partner = client_for(world.engineer).get(path).content.decode()
    assert "Send the log." in partner
    assert "VENDOR-INTERNAL" not in partner
    assert "VENDOR-INTERNAL" in client_for(world.vendor_engineer).get(path).content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("engineer", 403),  # certified, status valid: still only by escalation
        ("uncertified", 403),
        ("manager", 403),
        ("contact", 404),  # not a party to the partner's contract
        ("vendor", 201),  # the vendor's own staff register a partner's call
    ],
)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_direct_filing_on_the_vendor_contract_through_the_api(
    chain: Chain, role: str, expected: int, language: str
) -> None:
    contract = Contract.objects.get(number="V-1")
    body = {
        "contract": contract.pk,
        "subject": "Platform question",
        "description": "How are managed locks escalated?",
        "criticality": 1,
        "is_production": True,
        "confirmed_phone_24x7": True,
        "confirmed_email_1h": True,
    }
    client = client_for(_filer(chain, role), language)
    response = client.post("/api/v1/tickets", body, format="json")
    assert response.status_code == expected, response.json()
    if expected == 403:
        assert (
            response.json()["detail"]
            == {
                "en": "Tickets reach the vendor only by escalation: open the customer's ticket "
                "and escalate it with the full dossier.",
                "ru": "Обращения попадают к вендору только эскалацией: откройте обращение клиента "
                "и передайте его вендору с полным набором сведений.",
            }[language]
        )
    filed = 1 if expected == 201 else 0
    assert Ticket.objects.filter(contract=contract).count() == filed


def _filer(chain: Chain, role: str) -> Person:
    if role == "manager":
        manager = PersonFactory.create(username="partner_manager")
        grant_role(organisation=chain.world.partner, person=manager, role=Role.MANAGER)
        return manager
    if role == "vendor":
        return chain.world.vendor_engineer
    person: Person = _person(chain, role)
    return person


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_lapsed_partner_reads_but_may_not_file_with_the_vendor(
    chain: Chain, language: str
) -> None:
    client = client_for(chain.lapsed_engineer, language)
    contract = Contract.objects.get(number="V-2")
    body = {
        "contract": contract.pk,
        "subject": "Platform question",
        "description": "How are managed locks escalated?",
        "criticality": 4,
        "is_production": False,
    }
    response = client.post("/api/v1/tickets", body, format="json")
    assert response.status_code == 403
    detail = {
        "en": "The partner's status is not valid on 2026-05-08; new tickets cannot be filed "
        "with the vendor.",
        "ru": "Статус партнёра не действует на 2026-05-08; новые обращения к вендору "
        "зарегистрировать нельзя.",
    }[language]
    assert response.json()["detail"] == detail
    assert client.get(f"/api/v1/tickets/{chain.lapsed_ticket.number}").status_code == 200
