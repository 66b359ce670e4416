"""``kabinet mail fetch`` and the beat task take mail in from the active mailboxes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kabinet.celery import app
from kabinet.channels.email.models import Mailbox
from kabinet.channels.email.tasks import fetch_mail
from kabinet.channels.email.tests.imap_server import Dovecot
from kabinet.channels.email.tests.test_exactly_once import request
from kabinet.tickets.models import Ticket


def test_fetch_command_shows_what_the_mail_became(mailbox: Mailbox, dovecot: Dovecot) -> None:
    dovecot.append(mailbox.folder, [request(1), request(2, sender="who@new.test")])
    out = StringIO()
    call_command("mail", "fetch", stdout=out)
    assert out.getvalue().strip() == "support: 2 messages taken in (opened 1, quarantined 1)"
    assert Ticket.objects.count() == 1


def test_fetch_command_names_one_mailbox_even_inactive(mailbox: Mailbox, dovecot: Dovecot) -> None:
    mailbox.active = False
    mailbox.save()
    dovecot.append(mailbox.folder, [request(1)])
    out = StringIO()
    call_command("mail", "fetch", "--no-progress", stdout=out)
    assert out.getvalue() == ""
    call_command("mail", "fetch", "--mailbox", "support", "--no-progress", stdout=out)
    assert "1 messages taken in" in out.getvalue()


def test_fetch_command_refuses_an_unknown_mailbox(mailbox: Mailbox) -> None:
    with pytest.raises(CommandError, match="No mailbox named 'nope'"):
        call_command("mail", "fetch", "--mailbox", "nope")


def test_an_unreachable_server_is_recorded_and_reported(mailbox: Mailbox) -> None:
    mailbox.port = 1  # nothing listens there
    mailbox.save()
    with pytest.raises(CommandError, match="could not be taken in"):
        call_command("mail", "fetch", "--no-progress", stdout=StringIO())
    mailbox.refresh_from_db()
    assert "ConnectionRefusedError" in mailbox.last_error


def test_beat_runs_the_task_on_the_mail_queue(mailbox: Mailbox, dovecot: Dovecot) -> None:
    schedule = app.conf.beat_schedule["fetch-mail"]
    assert schedule["task"] == fetch_mail.name
    assert app.conf.task_routes[fetch_mail.name] == {"queue": "mail"}
    dovecot.append(mailbox.folder, [request(1)])
    assert fetch_mail() == 1
