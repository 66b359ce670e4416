"""Every ticket endpoint × every role × a ticket of the own and of another tenant.

What a person may not see answers 404, byte for byte like a number that does not exist;
what they see but may not do answers 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.orgs.models import Person
from kabinet.tickets import actions
from kabinet.tickets.models import PostponementReason, Ticket
from kabinet.tickets.tests.factories import file_ticket

CUSTOMER_ROLES = ("contact", "admin", "sibling_contact", "outsider")
SUPPLIER_ROLES = ("engineer", "other_engineer", "vendor_engineer")
ROLES = CUSTOMER_ROLES + SUPPLIER_ROLES
# Who sees a ticket filed on World.contract ("own") or on World.other_contract ("other").
VISIBLE = {
    "own": {"contact", "admin", "sibling_contact", "engineer"},
    "other": {"outsider", "other_engineer"},
}
MISSING = "KB-999999"
LATER = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)


@dataclass
class Case:
    subject: Ticket
    supplier: Person
    customer: Person
    attachment_id: int = 0


def _proposed(case: Case) -> None:
    actions.propose_solution(case.subject, author=case.supplier, body="Try the patch.")


def _postponement_asked(case: Case) -> None:
    actions.record_public_reply(case.subject, author=case.supplier, body="Looking.")
    actions.propose_postponement(
        case.subject,
        author=case.supplier,
        reason=PostponementReason.NEEDS_DEVELOPMENT,
        until=LATER,
    )


def _credentials_given(case: Case) -> None:
    """Credentials given by the customer; nobody assigned, so the supplier may not remove
    them (only the assignee may)."""
    actions.assign(case.subject, author=case.supplier, assignee_id=None)
    actions.give_credentials(case.subject, author=case.customer, secret="user / Pa55")


def _closed(case: Case) -> None:
    _proposed(case)
    actions.accept_solution(case.subject, author=case.customer)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    side: str  # "any", "supplier" or "customer": who may act once they see the ticket
    ok: int
    body: dict[str, Any] | None = None
    setup: Callable[[Case], None] | None = None
    raw: bool = False


ENDPOINTS: dict[str, Endpoint] = {
    "detail": Endpoint("get", "", "any", 200),
    "events": Endpoint("get", "/events", "any", 200),
    "sla": Endpoint("get", "/sla", "any", 200),
    "attachments": Endpoint("get", "/attachments", "any", 200),
    "download": Endpoint("get", "/attachments/{attachment}", "any", 200),
    "upload": Endpoint("post", "/attachments?filename=log.txt", "any", 201, raw=True),
    "patch": Endpoint("patch", "", "any", 200, {"subject": "Edited"}),
    "reply": Endpoint("post", "/replies", "supplier", 201, {"body": "On it."}),
    "comment": Endpoint("post", "/comments", "supplier", 201, {"body": "note"}),
    "customer_reply": Endpoint("post", "/customer-replies", "customer", 201, {"body": "More."}),
    "criticality": Endpoint(
        "post", "/criticality", "supplier", 201, {"criticality": 4, "reason": "Cosmetic."}
    ),
    "return": Endpoint("post", "/return", "supplier", 201, {"reason": "insufficient_diagnostics"}),
    "solution": Endpoint("post", "/solution", "supplier", 201, {"body": "Fixed in 1.2."}),
    "workaround": Endpoint("post", "/workaround", "supplier", 201, {"body": "Use export."}),
    "acceptance": Endpoint("post", "/acceptance", "customer", 201, {}, _proposed),
    "rejection": Endpoint("post", "/rejection", "customer", 201, {"reason": "No."}, _proposed),
    "rating": Endpoint(
        "post", "/rating", "customer", 201, {"rating": 5, "solution_rating": 4}, _closed
    ),
    "credentials": Endpoint("post", "/credentials", "customer", 201, {"secret": "user / Pa55"}),
    "credentials_removal": Endpoint(
        "post", "/credentials/removal", "customer", 201, {}, _credentials_given
    ),
    "expedite": Endpoint("post", "/expedite", "customer", 201, {"body": "The line stands."}),
    "refusal": Endpoint(
        "post", "/refusal", "supplier", 201, {"reason": "out_of_scope", "body": "Web design."}
    ),
    "reopen": Endpoint("post", "/reopen", "customer", 201, {"reason": "Back again."}, _closed),
    "assignee": Endpoint("post", "/assignee", "supplier", 201, {"assignee": None}),
    "postponement": Endpoint(
        "post",
        "/postponement",
        "supplier",
        201,
        {"reason": "needs_development", "until": "2026-07-01T12:00:00+03:00"},
    ),
    "postponement_agreement": Endpoint(
        "post", "/postponement/agreement", "customer", 201, {}, _postponement_asked
    ),
    "postponement_refusal": Endpoint(
        "post", "/postponement/refusal", "customer", 201, {"reason": "No."}, _postponement_asked
    ),
    "withdrawal": Endpoint("post", "/withdrawal", "customer", 201, {"reason": "Not needed."}),
    "closing_as_withdrawn": Endpoint(
        "post", "/closing-as-withdrawn", "supplier", 201, {"reason": "Withdrawn by phone."}
    ),
    "classification": Endpoint(
        "post", "/classification", "supplier", 201, {"resolution_class": "non_standard"}
    ),
}


def _case(world: World, obj: str) -> Case:
    if obj == "own":
        case = Case(file_ticket(world.contract, world.contact), world.engineer, world.contact)
    else:
        case = Case(
            file_ticket(world.other_contract, world.outsider), world.other_engineer, world.outsider
        )
    attachment = actions.add_attachment(
        case.subject,
        author=case.customer,
        filename="screen.png",
        content_type="image/png",
        chunks=[b"\x89PNG..."],
    )
    case.attachment_id = attachment.pk
    return case


def _call(
    world: World, role: str, endpoint: Endpoint, number: str, attachment: int, version: int
) -> Any:
    client = client_for(getattr(world, role))
    url = f"/api/v1/tickets/{number}" + endpoint.path.format(attachment=attachment)
    if endpoint.raw:
        return client.generic("POST", url, data="log line\n", content_type="text/plain")
    if endpoint.method == "patch":
        return client.patch(url, endpoint.body, format="json", HTTP_IF_MATCH=f'"{version}"')
    if endpoint.body is not None:
        return getattr(client, endpoint.method)(url, endpoint.body, format="json")
    return getattr(client, endpoint.method)(url)


def _expected(role: str, obj: str, endpoint: Endpoint) -> int:
    if role not in VISIBLE[obj]:
        return 404
    side = "customer" if role in CUSTOMER_ROLES else "supplier"
    return endpoint.ok if endpoint.side in ("any", side) else 403


@pytest.mark.parametrize("obj", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_ticket_endpoint_access(world: World, name: str, role: str, obj: str) -> None:
    endpoint = ENDPOINTS[name]
    case = _case(world, obj)
    if endpoint.setup:
        endpoint.setup(case)
    version = Ticket.objects.get(pk=case.subject.pk).version
    number = case.subject.number or ""
    response = _call(world, role, endpoint, number, case.attachment_id, version)
    expected = _expected(role, obj, endpoint)
    assert response.status_code == expected, (name, role, obj, response.content)
    if expected == 404:
        missing = _call(world, role, endpoint, MISSING, case.attachment_id, version)
        assert missing.status_code == 404
        assert response.content == missing.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", ["own", "other"])
def test_ticket_list_shows_exactly_the_visible_tickets(world: World, role: str, obj: str) -> None:
    case = _case(world, obj)
    response = client_for(getattr(world, role)).get("/api/v1/tickets")
    assert response.status_code == 200
    numbers = [t["number"] for t in response.json()["results"]]
    assert (case.subject.number in numbers) is (role in VISIBLE[obj])


@pytest.mark.parametrize("role", ROLES)
def test_ticket_create_on_own_contract(world: World, role: str) -> None:
    body = {
        "contract": world.contract.pk,
        "subject": "S",
        "description": "D",
        "criticality": 3,
        "is_production": True,
    }
    response = client_for(getattr(world, role)).post("/api/v1/tickets", body, format="json")
    expected = 201 if role in VISIBLE["own"] else 404
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("role", CUSTOMER_ROLES)
def test_internal_notes_never_reach_customers(world: World, role: str) -> None:
    case = _case(world, "own" if role != "outsider" else "other")
    actions.add_internal_comment(case.subject, author=case.supplier, body="SECRET-NOTE")
    internal = actions.add_attachment(
        case.subject,
        author=case.supplier,
        filename="secret.log",
        content_type="text/plain",
        chunks=[b"SECRET-FILE"],
        internal=True,
    )
    client = client_for(getattr(world, role))
    base = f"/api/v1/tickets/{case.subject.number}"
    for path in ("", "/events", "/attachments", "/sla"):
        response = client.get(base + path)
        assert response.status_code == 200
        assert b"SECRET" not in response.content
    assert client.get(f"{base}/attachments/{internal.pk}").status_code == 404
    supplier = client_for(case.supplier)
    assert b"SECRET-NOTE" in supplier.get(f"{base}/events").content
    download = supplier.get(f"{base}/attachments/{internal.pk}")
    assert b"".join(download.streaming_content) == b"SECRET-FILE"  # type: ignore[attr-defined]
