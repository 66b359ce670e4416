"""Invitation and password reset end to end: the mail goes through a real SMTP server, the
test follows the link in it, and the link works once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from kabinet.accounts.actions import accept_invitation, invite_person
from kabinet.audit.models import AuditRecord
from kabinet.channels.email.tests.smtp import Mailbox
from kabinet.conftest import World
from kabinet.errors import DomainError, NotFoundError
from kabinet.orgs.models import Membership, Person, Role

LINK = re.compile(r"http://[^\s]+")


def _link(mailbox: Mailbox, index: int = -1) -> str:
    found = LINK.findall(mailbox.bodies()[index])
    assert found, mailbox.bodies()[index]
    return str(found[0]).removeprefix("http://127.0.0.1:8000")


def test_an_invited_person_sets_a_password_by_the_mailed_link(
    world: World, client: Client, smtp_server: Mailbox
) -> None:
    client.force_login(world.admin)
    page = client.post(
        "/people/invite/",
        {
            "organisation": world.customer.pk,
            "email": "Anna.Petrova@Example.test",
            "full_name": "Анна Петрова",
            "role": "authorised_contact",
            "language": "ru",
        },
        REMOTE_ADDR="198.51.100.4",
    )
    assert page.status_code == 302, page.content.decode()

    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "Anna.Petrova@Example.test"
    assert "Приглашение" in smtp_server.subjects()[0]  # the invitee's language
    link = _link(smtp_server)
    invited = Person.objects.get(normalised_email="anna.petrova@example.test")
    assert not invited.has_usable_password()
    assert Membership.objects.filter(
        person=invited, organisation=world.customer, role=Role.AUTHORISED_CONTACT
    ).exists()
    record = AuditRecord.objects.get(action="person.invited")
    assert (record.actor, record.organisation, record.address) == (
        world.admin,
        world.customer,
        "198.51.100.4",
    )

    visitor = Client(headers={"accept-language": "en"})
    form = visitor.get(link)
    assert form.status_code == 200
    assert invited.username in form.content.decode()
    short = visitor.post(link, {"new_password1": "abc", "new_password2": "abc"})
    assert short.status_code == 400
    assert "This password is too short" in short.content.decode()
    done = visitor.post(
        link, {"new_password1": "lilac-harbour-93", "new_password2": "lilac-harbour-93"}
    )
    assert done["Location"] == "/account/"
    assert visitor.get("/account/").status_code == 200  # signed in

    again = Client(headers={"accept-language": "en"}).get(link)
    assert again.status_code == 404
    assert "expired or was already used" in again.content.decode()
    signed_in = Client().post(
        "/login/", {"username": invited.username, "password": "lilac-harbour-93"}
    )
    assert signed_in["Location"] == "/"


def test_an_invitation_expires_and_a_new_one_replaces_the_old(
    world: World, smtp_server: Mailbox
) -> None:
    first = invite_person(
        organisation=world.customer, email="late@example.test", role=Role.AUTHORISED_CONTACT
    )
    second = invite_person(
        organisation=world.customer, email="late@example.test", role=Role.AUTHORISED_CONTACT
    )
    assert first.person == second.person and first.mailed and second.mailed
    assert first.link and second.link
    old_token = first.link.rsplit("/", 2)[-2]
    new_token = second.link.rsplit("/", 2)[-2]
    with pytest.raises(NotFoundError):
        accept_invitation(old_token, "lilac-harbour-93")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    with time_machine.travel(later, tick=False), pytest.raises(NotFoundError):
        accept_invitation(new_token, "lilac-harbour-93")
    assert accept_invitation(new_token, "lilac-harbour-93").has_usable_password()


def test_inviting_someone_with_an_account_only_grants_the_role(
    world: World, smtp_server: Mailbox
) -> None:
    sent = invite_person(
        organisation=world.sibling, email=world.contact.email, role=Role.AUTHORISED_CONTACT
    )
    assert (sent.person, sent.link, sent.mailed) == (world.contact, None, False)
    assert smtp_server.messages == []
    assert Membership.objects.filter(person=world.contact, organisation=world.sibling).exists()


@pytest.mark.parametrize(
    ("email", "role", "field"),
    [("not-an-address", "authorised_contact", "email"), ("a@example.test", "engineer", "role")],
)
def test_bad_invitations_name_the_field(world: World, email: str, role: str, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        invite_person(organisation=world.customer, email=email, role=role)
    assert refused.value.field == field


def test_the_invite_form_keeps_what_was_typed_and_names_the_field_in_russian(
    world: World, smtp_server: Mailbox
) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.admin)
    page = client.post(
        "/people/invite/",
        {"organisation": world.customer.pk, "email": "нет-адреса", "full_name": "Иван Иванов"},
    )
    text = page.content.decode()
    assert page.status_code == 400
    assert "Иван Иванов" in text and "нет-адреса" in text
    assert "Введите правильный адрес электронной почты" in text or "адрес" in text
    assert smtp_server.messages == []


def test_a_password_is_reset_by_the_mailed_link_once(
    world: World, client: Client, smtp_server: Mailbox
) -> None:
    sent = client.post("/password/reset/", {"email": "CONTACT@example.test"})
    assert sent["Location"] == "/password/reset/sent/"
    unknown = client.post("/password/reset/", {"email": "nobody@example.test"})
    assert unknown["Location"] == "/password/reset/sent/"  # says nothing of who exists
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == world.contact.email
    link = _link(smtp_server)

    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": "lilac-harbour-93", "new_password2": "x"})
    assert mismatch.status_code == 400
    assert "didn’t match" in mismatch.content.decode()
    done = client.post(
        set_url, {"new_password1": "lilac-harbour-93", "new_password2": "lilac-harbour-93"}
    )
    assert done["Location"] == "/login/"
    signed_in = Client().post("/login/", {"username": "contact", "password": "lilac-harbour-93"})
    assert signed_in["Location"] == "/"

    spent = Client(headers={"accept-language": "en"}).get(link, follow=True)
    assert "This link has expired or was already used." in spent.content.decode()


def test_a_bad_reset_address_is_named(client: Client, world: World) -> None:
    page = client.post("/password/reset/", {"email": "no address"})
    assert page.status_code == 400
    assert "Enter a valid email address." in page.content.decode()
    assert 'value="no address"' in page.content.decode()


def test_the_password_is_changed_with_the_old_one(client: Client, world: World) -> None:
    client.force_login(world.contact)
    wrong = client.post(
        "/account/password/",
        {
            "old_password": "x",
            "new_password1": "lilac-harbour-93",
            "new_password2": "lilac-harbour-93",
        },
    )
    assert wrong.status_code == 400
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    done = client.post(
        "/account/password/",
        {
            "old_password": "secret-pass-123",
            "new_password1": "lilac-harbour-93",
            "new_password2": "lilac-harbour-93",
        },
    )
    assert done["Location"] == "/account/"
    assert client.get("/account/").status_code == 200  # this session stays signed in


def test_the_link_of_a_person_deactivated_since_does_not_work(
    world: World, smtp_server: Mailbox
) -> None:
    sent = invite_person(
        organisation=world.customer, email="gone@example.test", role=Role.AUTHORISED_CONTACT
    )
    assert sent.link is not None
    sent.person.is_active = False
    sent.person.save(update_fields=["is_active"])
    page = Client(headers={"accept-language": "en"}).get(
        sent.link.removeprefix("http://127.0.0.1:8000")
    )
    assert page.status_code == 404
    assert not Person.objects.get(pk=sent.person.pk).has_usable_password()
