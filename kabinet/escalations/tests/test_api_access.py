"""Every escalation endpoint × every role. What one may not see answers 404 exactly like a
number that does not exist; what one sees but may not do answers 403."""

from __future__ import annotations

from typing import Any

import pytest

from kabinet.api.tests.clients import client_for
from kabinet.escalations.actions import escalate_to_vendor
from kabinet.escalations.tests.conftest import Chain, full_dossier

ROLES = (
    "contact",
    "admin",
    "outsider",
    "engineer",
    "uncertified",
    "lapsed_engineer",
    "other_engineer",
    "vendor_engineer",
)
MISSING = "KB-999999"


def _person(chain: Chain, role: str) -> Any:
    if role in ("uncertified", "lapsed_engineer"):
        return getattr(chain, role)
    return getattr(chain.world, role)


ESCALATE = {
    "contact": 403,
    "admin": 403,
    "outsider": 404,
    "engineer": 201,
    "uncertified": 403,
    "lapsed_engineer": 404,
    "other_engineer": 404,
    "vendor_engineer": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_escalate(chain: Chain, role: str) -> None:
    client = client_for(_person(chain, role))
    body = {"dossier": full_dossier()}
    response = client.post(f"/api/v1/tickets/{chain.ticket.number}/escalation", body, format="json")
    assert response.status_code == ESCALATE[role], response.json()
    if response.status_code == 404:
        missing = client.post(f"/api/v1/tickets/{MISSING}/escalation", body, format="json")
        assert response.json() == missing.json()


def test_lapsed_partner_is_refused_on_its_own_ticket_and_still_reads_it(chain: Chain) -> None:
    client = client_for(chain.lapsed_engineer)
    number = chain.lapsed_ticket.number
    response = client.post(
        f"/api/v1/tickets/{number}/escalation", {"dossier": full_dossier()}, format="json"
    )
    assert response.status_code == 403
    assert "status is not valid" in response.json()["detail"]
    assert client.get(f"/api/v1/tickets/{number}").status_code == 200


def test_missing_item_refusal_in_russian(chain: Chain) -> None:
    dossier = full_dossier()
    del dossier["recent_changes"]
    response = client_for(chain.world.engineer, "ru").post(
        f"/api/v1/tickets/{chain.ticket.number}/escalation", {"dossier": dossier}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "dossier.recent_changes"
    assert response.json()["detail"].startswith("В досье эскалации нет пункта 5")


def test_the_partner_sends_chosen_files_and_no_other(chain: Chain, attachments_dir: Any) -> None:
    from kabinet.tickets.actions import add_attachment
    from kabinet.tickets.models import Attachment

    mine = add_attachment(
        chain.ticket, author=chain.world.contact, filename="a.log", content_type="", chunks=[b"a"]
    )
    client = client_for(chain.world.engineer)
    url = f"/api/v1/tickets/{chain.ticket.number}/escalation"
    wrong = client.post(
        url, {"dossier": full_dossier(), "attachments": [mine.pk + 1000]}, format="json"
    )
    assert wrong.status_code == 400
    assert wrong.json()["field"] == "attachments"
    assert (
        client.post(
            url, {"dossier": full_dossier(), "attachments": ["x"]}, format="json"
        ).status_code
        == 400
    )
    done = client.post(url, {"dossier": full_dossier(), "attachments": [mine.pk]}, format="json")
    assert done.status_code == 201
    copies = Attachment.objects.exclude(ticket=chain.ticket)
    assert [(a.filename, a.ticket.number) for a in copies] == [("a.log", done.json()["number"])]


# (method, path template, body, expected by role); {c} the customer ticket, {v} the vendor's
ENDPOINTS = [
    (
        "get",
        "/api/v1/escalations/{v}",
        None,
        {"engineer": 200, "uncertified": 200, "vendor_engineer": 200},
    ),
    (
        "post",
        "/api/v1/tickets/{c}/relay",
        {"body": "Apply the hotfix."},
        {"engineer": 201, "uncertified": 201},
    ),
    (
        "post",
        "/api/v1/escalations/{v}/return",
        {"reason": "insufficient_diagnostics"},
        {"engineer": 403, "uncertified": 403, "vendor_engineer": 201},
    ),
    (
        "post",
        "/api/v1/escalations/{v}/criticality",
        {"criticality": 4, "reason": "A question."},
        {"engineer": 403, "uncertified": 403, "vendor_engineer": 201},
    ),
    (
        "post",
        "/api/v1/escalations/{v}/resubmission",
        {"body": "More data."},
        {"engineer": 409, "uncertified": 409, "vendor_engineer": 403},
    ),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e[0]} {e[1]}")
@pytest.mark.parametrize("role", ROLES)
def test_escalation_endpoints(chain: Chain, role: str, endpoint: tuple[Any, ...]) -> None:
    method, template, body, allowed = endpoint
    escalation = escalate_to_vendor(
        chain.ticket, author=chain.world.engineer, dossier=full_dossier()
    )
    client = client_for(_person(chain, role))
    call = getattr(client, method)
    path = template.format(c=chain.ticket.number, v=escalation.number)
    response = call(path, body, format="json") if body else call(path)
    expected = allowed.get(role, 404)
    assert response.status_code == expected, response.json()
    if expected == 404:
        missing = template.format(c=MISSING, v=MISSING)
        other = call(missing, body, format="json") if body else call(missing)
        assert response.json() == other.json()


def test_the_schema_lists_the_escalation_endpoints(chain: Chain) -> None:
    schema = client_for(chain.world.engineer).get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/tickets/{number}/escalation" in schema["paths"]
    assert "/api/v1/escalations/{number}/return" in schema["paths"]
