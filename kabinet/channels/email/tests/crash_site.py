"""A Kabinet of its own for the crash test and the benchmark, driven from outside the test
process: ``setup`` makes a supplier, a customer with ``--people`` authorised contacts
(``person<i>@crash.test``), a contract and a mailbox on the given IMAP folder; ``report``
prints what the inbound messages became, as JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabinet.settings")
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    setup = commands.add_parser("setup")
    for name in ("host", "user", "password", "folder"):
        setup.add_argument(f"--{name}", required=True)
    setup.add_argument("--port", type=int, required=True)
    setup.add_argument("--people", type=int, default=10)
    commands.add_parser("report")
    args = parser.parse_args(argv)
    if args.command == "setup":
        print(json.dumps(_setup(args)))
    else:
        print(json.dumps(_report()))


def _setup(args: argparse.Namespace) -> dict[str, object]:
    from kabinet.channels.email.models import Mailbox, Security
    from kabinet.contracts.tests.factories import ContractFactory
    from kabinet.orgs.actions import grant_role
    from kabinet.orgs.models import OrganisationKind, Role
    from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory

    supplier = OrganisationFactory.create(name="Crash partner", kind=OrganisationKind.PARTNER)
    customer = OrganisationFactory.create(name="Crash customer")
    contract = ContractFactory.create(
        supplier=supplier, customer=customer, valid_to=dt.date(2099, 12, 31)
    )
    for index in range(args.people):
        person = PersonFactory.create(username=f"person{index}", email=f"person{index}@crash.test")
        grant_role(organisation=customer, person=person, role=Role.AUTHORISED_CONTACT)
    mailbox = Mailbox.objects.create(
        name="crash",
        supplier=supplier,
        address="support@crash-partner.test",
        host=args.host,
        port=args.port,
        security=Security.PLAIN,
        username=args.user,
        password=args.password,
        folder=args.folder,
    )
    mailbox.contracts.add(contract)
    return {"mailbox": mailbox.name, "contract": contract.number}


def _report() -> dict[str, object]:
    from kabinet.channels.email.models import InboundMessage
    from kabinet.tickets.models import Ticket

    rows = InboundMessage.objects.order_by("pk").values_list(
        "message_id", "outcome", "ticket__number", "uid"
    )
    return {
        "inbound": [list(row) for row in rows],
        "tickets": list(Ticket.objects.order_by("pk").values_list("number", "description")),
    }


if __name__ == "__main__":
    main(sys.argv[1:])
