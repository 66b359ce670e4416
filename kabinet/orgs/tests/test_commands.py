from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from kabinet.api.tests.clients import client_for
from kabinet.orgs.tests.factories import PersonFactory

if TYPE_CHECKING:
    # The suite's world (conftest) holds contracts, a layer above orgs: types only.
    from kabinet.conftest import World


def test_issue_token_prints_a_working_token(world: World) -> None:
    out = StringIO()
    call_command("issue_token", "contact", stdout=out)
    token = out.getvalue().strip()
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/tickets").status_code == 200


def test_issue_token_for_unknown_person_fails(world: World) -> None:
    with pytest.raises(CommandError):
        call_command("issue_token", "nobody")


def test_admin_pages_render(world: World, client: Client) -> None:
    client.force_login(PersonFactory.create(is_staff=True, is_superuser=True))
    for url in ("/admin/tickets/ticket/", "/admin/contracts/contract/", "/admin/orgs/person/"):
        assert client.get(url).status_code == 200
