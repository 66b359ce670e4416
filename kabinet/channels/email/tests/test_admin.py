"""The admin lists mailboxes and the messages taken in (read-only) for staff only."""

from __future__ import annotations

import pytest
from django.test import Client

from kabinet.channels.email.intake import process_message, record_message
from kabinet.channels.email.models import Mailbox
from kabinet.channels.email.tests.test_exactly_once import request
from kabinet.conftest import World
from kabinet.orgs.tests.factories import PersonFactory


@pytest.mark.parametrize("page", ["/admin/mail/mailbox/", "/admin/mail/inboundmessage/"])
def test_admin_lists_mail_for_staff_only(world: World, client: Client, page: str) -> None:
    mailbox = Mailbox.objects.create(
        name="support", supplier=world.partner, address="support@partner.test", host="h"
    )
    row = record_message(mailbox=mailbox, supplier_id=world.partner.pk, raw=request(7))
    process_message(row.pk)
    client.force_login(world.engineer)
    assert client.get(page).status_code == 302  # not staff: to the admin's sign-in
    client.force_login(PersonFactory.create(is_staff=True, is_superuser=True))
    response = client.get(page)
    assert response.status_code == 200
    assert b"support" in response.content
    detail = client.get(f"/admin/mail/inboundmessage/{row.pk}/change/")
    assert detail.status_code == 200
