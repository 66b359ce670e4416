from __future__ import annotations

from typing import TYPE_CHECKING

from kabinet.api.tests.clients import client_for

if TYPE_CHECKING:
    # The suite's world (conftest) holds contracts, a layer above orgs: types only.
    from kabinet.conftest import World


def test_issue_list_and_revoke_own_token(world: World) -> None:
    client = client_for(world.contact)
    issued = client.post("/api/v1/tokens", {"name": "laptop"}, format="json")
    assert issued.status_code == 201
    assert issued.json()["token"].startswith("kbt_")
    listed = client.get("/api/v1/tokens").json()
    assert "token" not in listed[0]
    token_id = issued.json()["id"]
    assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 204


def test_another_persons_token_is_not_found(world: World) -> None:
    issued = client_for(world.contact).post("/api/v1/tokens", {"name": "x"}, format="json")
    response = client_for(world.admin).delete(f"/api/v1/tokens/{issued.json()['id']}")
    assert response.status_code == 404
    assert client_for(world.admin).delete("/api/v1/tokens/999999").json() == response.json()


def test_session_auth_works_for_the_web(world: World) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(world.contact)
    assert client.get("/api/v1/tickets").status_code == 200
