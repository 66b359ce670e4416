"""Inbound mail intake at scale: messages taken in per second from one IMAP mailbox.

    .venv/bin/python bench/mail.py [--messages N] [--database-url URL]

Starts dovecot (as the tests do), a Kabinet of its own (a fresh SQLite file under a
temporary folder unless --database-url names an empty PostgreSQL database), one supplier,
one customer with one authorised contact per 15 messages (so that no sender trips the loop
guard), a contract and a mailbox; delivers N messages into its Maildir as a local delivery
agent would (four in five new requests, one in five a reply threaded by In-Reply-To to the
request before it) and times one ``fetch_mailbox`` over them: record, act through the
tickets' actions, mark \\Seen. The last line is ``mail: N messages taken in S s (R messages/s)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this tree's kabinet, not whichever the virtualenv points at
PER_PERSON = 15


def message(index: int, people: int) -> bytes:
    sender = f"person{index % people}@bench.test"
    if index % 5 == 4:
        head = f"Subject: Re: request {index - 1}\r\nIn-Reply-To: <bench-{index - 1}@bench.test>"
        text = f"More detail for request {index - 1}: it happens on every posting."
    else:
        head = f"Subject: Request {index}"
        text = f"Request {index}: the sales invoice does not post.\r\n\r\n-- \r\nPerson {index}"
    return (
        f"From: Person <{sender}>\r\nTo: support@bench-partner.test\r\n{head}\r\n"
        f"Message-ID: <bench-{index}@bench.test>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0300\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="kabinet-bench-mail-"))
    os.environ.update(
        KABINET_DATA_DIR=str(data),
        SECRET_KEY=secrets.token_hex(32),
        DJANGO_SETTINGS_MODULE="kabinet.settings",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    from kabinet.channels.email.tests.imap_server import start_dovecot

    dovecot = start_dovecot()
    try:
        run(args.messages, dovecot)
    finally:
        dovecot.stop()
        shutil.rmtree(data, ignore_errors=True)


def run(count: int, dovecot: object) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from kabinet.channels.email.imap import fetch_mailbox
    from kabinet.channels.email.models import Mailbox
    from kabinet.channels.email.tests.imap_server import Dovecot

    assert isinstance(dovecot, Dovecot)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    people = max(1, -(-count // PER_PERSON))
    mailbox = seed(dovecot, people)
    assert isinstance(mailbox, Mailbox)
    folder = mailbox.folder
    dovecot.deliver(folder, [message(index, people) for index in range(count)])
    print(
        f"setup: {count} messages in the mailbox, {people} senders, "
        f"{time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    report = fetch_mailbox(mailbox)
    elapsed = time.perf_counter() - started
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(Counter(report.outcomes or {}).items()))
    print(f"outcomes: {outcomes}")
    print(
        f"mail: {report.taken} messages taken in {elapsed:.1f} s "
        f"({report.taken / elapsed:.0f} messages/s)"
    )


def seed(dovecot: object, people: int) -> object:
    from django.contrib.auth.hashers import make_password

    from kabinet.channels.email.models import Mailbox, Security
    from kabinet.channels.email.tests.imap_server import Dovecot
    from kabinet.contracts.tests.factories import ContractFactory
    from kabinet.orgs.models import Membership, OrganisationKind, Person, Role
    from kabinet.orgs.tests.factories import OrganisationFactory

    assert isinstance(dovecot, Dovecot)
    supplier = OrganisationFactory.create(name="Bench partner", kind=OrganisationKind.PARTNER)
    customer = OrganisationFactory.create(name="Bench customer")
    contract = ContractFactory.create(
        supplier=supplier, customer=customer, valid_to=dt.date(2099, 12, 31)
    )
    unusable = make_password(None)
    persons = Person.objects.bulk_create(
        Person(
            username=f"person{i}",
            email=f"person{i}@bench.test",
            normalised_email=f"person{i}@bench.test",
            password=unusable,
        )
        for i in range(people)
    )
    Membership.objects.bulk_create(
        Membership(person=p, organisation=customer, role=Role.AUTHORISED_CONTACT) for p in persons
    )
    mailbox = Mailbox.objects.create(
        name="bench",
        supplier=supplier,
        address="support@bench-partner.test",
        host=dovecot.host,
        port=dovecot.port,
        security=Security.PLAIN,
        username=dovecot.user,
        password=dovecot.password,
        folder=dovecot.new_folder(),
    )
    mailbox.contracts.add(contract)
    return mailbox


if __name__ == "__main__":
    main()
