"""Prepare a Kabinet data folder for a test that serves it with gunicorn: migrate its SQLite
database, create a customer contact with a ticket, an open upload place and an API token,
and print them as one JSON line. Run with ``KABINET_DATA_DIR`` set; the package allows
``ATTACHMENT_LIMIT`` bytes per attachment."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

import django

ATTACHMENT_LIMIT = 5 * 1024 * 1024


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kabinet.settings"
    django.setup()
    from django.core.management import call_command

    from kabinet.contracts.tests.factories import ContractFactory
    from kabinet.orgs.actions import grant_role, issue_api_token
    from kabinet.orgs.models import OrganisationKind, Role
    from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory
    from kabinet.tickets.actions.upload_places import open_upload_place
    from kabinet.tickets.tests.factories import file_ticket

    call_command("migrate", verbosity=0, interactive=False)
    partner = OrganisationFactory.create(name="Partner", kind=OrganisationKind.PARTNER)
    customer = OrganisationFactory.create(name="Customer")
    engineer, contact = PersonFactory.create(username="engineer"), PersonFactory.create()
    grant_role(organisation=partner, person=engineer, role=Role.ENGINEER)
    grant_role(organisation=customer, person=contact, role=Role.AUTHORISED_CONTACT)
    today = dt.date.today()
    contract = ContractFactory.create(
        supplier=partner,
        customer=customer,
        valid_from=today - dt.timedelta(days=365),
        valid_to=today + dt.timedelta(days=365),
        package__attachment_size_limit=ATTACHMENT_LIMIT,
    )
    ticket = file_ticket(contract, contact)
    open_upload_place(ticket, author=engineer)
    _, token = issue_api_token(contact, "gunicorn")
    sys.stdout.write(json.dumps({"token": token, "number": ticket.number}) + "\n")


if __name__ == "__main__":
    main()
