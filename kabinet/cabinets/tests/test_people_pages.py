"""The administration pages: who may open them (other tenants get 404), the last-admin
rule, confirmation before a revoke, deactivation taking effect on the next request, bad
input named in the person's language, and the audit trail they write and list."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.test import Client

from kabinet.audit.models import AuditRecord
from kabinet.channels.email.tests.smtp import Mailbox, smtp_server
from kabinet.conftest import World
from kabinet.orgs.actions import add_partner_status, grant_role, save_certificate
from kabinet.orgs.models import (
    Certificate,
    Membership,
    Organisation,
    OrganisationKind,
    PartnerStatus,
    Person,
    Role,
)
from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory

__all__ = ["smtp_server"]


@dataclass
class Admins:
    vendor_admin: Person
    partner_admin: Person
    other_partner_admin: Person
    other_vendor_admin: Person
    other_customer_admin: Person
    certificate: Certificate
    status: PartnerStatus


def _admin(org: Organisation, name: str) -> Person:
    person = PersonFactory.create(username=name)
    grant_role(organisation=org, person=person, role=Role.ORG_ADMIN)
    return person


@pytest.fixture
def admins(world: World) -> Admins:
    """The chain of who set whom up: the vendor its partner, the partner its customers;
    another vendor with the other partner and its customer, out of the first one's reach."""
    other_vendor = OrganisationFactory.create(name="Other vendor", kind=OrganisationKind.VENDOR)
    Organisation.objects.filter(pk=world.partner.pk).update(managed_by=world.vendor)
    Organisation.objects.filter(pk=world.other_partner.pk).update(managed_by=other_vendor)
    Organisation.objects.filter(pk__in=[world.customer.pk, world.sibling.pk]).update(
        managed_by=world.partner
    )
    Organisation.objects.filter(pk=world.other_customer.pk).update(managed_by=world.other_partner)
    return Admins(
        vendor_admin=_admin(world.vendor, "vendor_admin"),
        partner_admin=_admin(world.partner, "partner_admin"),
        other_partner_admin=_admin(world.other_partner, "other_partner_admin"),
        other_vendor_admin=_admin(other_vendor, "other_vendor_admin"),
        other_customer_admin=_admin(world.other_customer, "other_customer_admin"),
        certificate=save_certificate(
            organisation=world.other_partner,
            person=world.other_engineer,
            kind="1С:Эксперт",
            number="E-9",
            valid_until=dt.date(2027, 1, 1),
        ),
        status=add_partner_status(
            partner=world.other_partner,
            level="ЦК КОРП",
            valid_from=dt.date(2026, 1, 1),
            valid_to=dt.date(2026, 12, 31),
        ),
    )


def _client(person: Person | None, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    if person is not None:
        client.force_login(person)
    return client


WHO = (
    "anon",
    "contact",
    "admin",
    "engineer",
    "vendor_engineer",
    "partner_admin",
    "vendor_admin",
)
# page: the people who get 200; everyone else signed in gets 404, the anonymous a redirect.
PAGES: dict[str, set[str]] = {
    "/people/": {"admin", "partner_admin", "vendor_admin"},
    "/audit/": {"admin", "partner_admin", "vendor_admin"},
    "/audit.csv": {"admin", "partner_admin", "vendor_admin"},
    "/vendor/partners/": {"vendor_admin"},
    "/vendor/certificates/": {"vendor_engineer", "vendor_admin"},
    # A partner's customers, and the vendor's own (it contracts with customers directly).
    "/partner/customers/": {"partner_admin", "vendor_admin"},
    # The customer's own admin, and the partner that set the customer up.
    "/people/revoke/?organisation={customer}&person={contact}&role=authorised_contact": {
        "admin",
        "partner_admin",
    },
    "/people/deactivate/?organisation={customer}&person={contact}": {"admin", "partner_admin"},
    # The partner's own admin, and the vendor that set the partner up.
    "/people/revoke/?organisation={partner}&person={engineer}&role=engineer": {
        "partner_admin",
        "vendor_admin",
    },
}


def _person(world: World, admins: Admins, who: str) -> Person | None:
    if who == "anon":
        return None
    found = getattr(admins, who, None) or getattr(world, who)
    assert isinstance(found, Person)
    return found


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_access(world: World, admins: Admins, page: str, who: str) -> None:
    url = page.format(
        customer=world.customer.pk,
        contact=world.contact.pk,
        partner=world.partner.pk,
        engineer=world.engineer.pk,
    )
    response = _client(_person(world, admins, who)).get(url)
    expected = 302 if who == "anon" else 200 if who in PAGES[page] else 404
    assert response.status_code == expected, (url, who)
    if who == "anon":
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("who", "method", "url"),
    [
        # another customer's person, revoked or deactivated by this customer's admin
        ("admin", "get", "/people/revoke/?organisation={oc}&person={out}&role=authorised_contact"),
        ("admin", "post", "/people/deactivate/?organisation={customer}&person={out}"),
        # another partner's certificate and status, another partner's customer
        ("partner_admin", "get", "/people/certificates/{cert}/remove/"),
        ("partner_admin", "post", "/people/certificates/{cert}/remove/"),
        ("partner_admin", "post", "/partner/customers/{oc}/group/"),
        ("vendor_admin", "get", "/vendor/partner-statuses/{status}/end/"),
        ("vendor_admin", "post", "/vendor/partners/{op}/statuses/"),
        ("other_vendor_admin", "post", "/vendor/partners/{partner}/statuses/"),
        ("contact", "post", "/people/invite/"),
        # the other vendor's partner's engineer, the other partner's customer's contact
        ("vendor_admin", "get", "/people/revoke/?organisation={op}&person={oe}&role=engineer"),
        ("partner_admin", "get", "/people/deactivate/?organisation={oc}&person={out}"),
    ],
)
def test_other_tenants_rows_are_not_found(
    world: World, admins: Admins, who: str, method: str, url: str
) -> None:
    url = url.format(
        oc=world.other_customer.pk,
        out=world.outsider.pk,
        customer=world.customer.pk,
        cert=admins.certificate.pk,
        status=admins.status.pk,
        op=world.other_partner.pk,
        oe=world.other_engineer.pk,
        partner=world.partner.pk,
    )
    client = _client(_person(world, admins, who))
    response = getattr(client, method)(url, {"confirm": "1"} if method == "post" else None)
    assert response.status_code in {400, 404}, url
    if response.status_code == 400:  # a form for one's own organisations, naming the field
        assert "Select a valid choice" in response.content.decode()
    assert Certificate.objects.filter(pk=admins.certificate.pk).exists()
    assert PartnerStatus.objects.get(pk=admins.status.pk).valid_to == dt.date(2026, 12, 31)
    assert Membership.objects.filter(person=world.outsider).exists()


def test_a_revoke_asks_first_then_is_recorded(world: World, admins: Admins) -> None:
    client = _client(world.admin)
    query = f"organisation={world.customer.pk}&person={world.contact.pk}&role=authorised_contact"
    question = client.get(f"/people/revoke/?{query}")
    assert "Revoke the role “authorised contact” of Contact in Customer?" in (
        question.content.decode()
    )
    assert Membership.objects.filter(person=world.contact, organisation=world.customer).exists()

    data = {"organisation": world.customer.pk, "person": world.contact.pk}
    done = client.post(
        "/people/revoke/", {**data, "role": "authorised_contact"}, REMOTE_ADDR="192.0.2.10"
    )
    assert done["Location"] == "/people/"
    assert not Membership.objects.filter(person=world.contact).exists()
    record = AuditRecord.objects.get(action="role.revoked", target_id=str(world.contact.pk))
    assert (record.actor, record.address, record.organisation) == (
        world.admin,
        "192.0.2.10",
        world.customer,
    )
    assert record.before == {"person": world.contact.pk, "role": "authorised_contact"}


def test_the_last_admin_keeps_their_role(world: World, admins: Admins) -> None:
    client = _client(world.admin, "ru")
    data = {"organisation": world.customer.pk, "person": world.admin.pk, "role": "org_admin"}
    refused = client.post("/people/revoke/", data)
    assert refused.status_code == 400
    assert "Последнего администратора организации удалить нельзя" in refused.content.decode()
    itself = client.post(
        "/people/deactivate/", {"organisation": world.customer.pk, "person": world.admin.pk}
    )
    assert itself.status_code == 400
    assert Membership.objects.filter(person=world.admin, role=Role.ORG_ADMIN).exists()

    # With a second admin, the first may step down; a third is refused.
    grant = {"organisation": world.customer.pk, "person": world.contact.pk, "role": "org_admin"}
    assert client.post("/people/grant/", grant).status_code == 302
    third = PersonFactory.create()
    grant_role(organisation=world.customer, person=third, role=Role.AUTHORISED_CONTACT)
    too_many = client.post("/people/grant/", {**grant, "person": third.pk})
    assert too_many.status_code == 400
    assert "может быть не более двух администраторов" in too_many.content.decode()
    assert client.post("/people/revoke/", data)["Location"] == "/people/"
    assert not Membership.objects.filter(person=world.admin, role=Role.ORG_ADMIN).exists()


def test_deactivation_and_a_removed_role_take_effect_on_the_next_request(
    world: World, admins: Admins
) -> None:
    contact = _client(world.contact)
    engineer = _client(world.engineer)
    assert contact.get("/client/").status_code == 200
    assert engineer.get("/partner/").status_code == 200

    data = {"organisation": world.customer.pk, "person": world.contact.pk}
    assert _client(world.admin).post("/people/deactivate/", data).status_code == 302
    revoke = {"organisation": world.partner.pk, "person": world.engineer.pk, "role": "engineer"}
    assert _client(admins.partner_admin).post("/people/revoke/", revoke).status_code == 302

    world.contact.refresh_from_db()
    assert world.contact.is_active is False
    assert contact.get("/client/")["Location"].startswith("/login/")
    assert engineer.get("/partner/").status_code == 404
    record = AuditRecord.objects.get(action="person.deactivated")
    assert record.after == {"roles": [], "is_active": False}


def test_certificates_are_kept_by_the_partner_and_flagged_for_the_vendor(
    world: World, admins: Admins
) -> None:
    client = _client(admins.partner_admin, "ru")
    data = {
        "organisation": world.partner.pk,
        "person": world.engineer.pk,
        "kind": "1С:Эксперт по технологическим вопросам",
        "number": "ЭКС-123",
        "valid_until": "не дата",
    }
    bad = client.post("/people/certificates/", data)
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Введите правильную дату" in page and "ЭКС-123" in page and "не дата" in page

    soon = (world_now() + dt.timedelta(days=10)).isoformat()
    assert client.post("/people/certificates/", {**data, "valid_until": soon}).status_code == 302
    vendor_page = _client(admins.vendor_admin).get("/vendor/certificates/").content.decode()
    assert "ЭКС-123" in vendor_page and "expires soon" in vendor_page
    assert "E-9" not in vendor_page  # the other vendor's partner
    assert AuditRecord.objects.filter(action="certificate.added", organisation=world.partner)


def world_now() -> dt.date:
    from kabinet.conftest import NOW

    return NOW.date()


def test_the_vendor_gives_and_ends_a_partner_status(world: World, admins: Admins) -> None:
    client = _client(admins.vendor_admin, "ru")
    prefix = f"status-{world.partner.pk}"
    bad = client.post(
        f"/vendor/partners/{world.partner.pk}/statuses/",
        {
            f"{prefix}-level": "ЦК КОРП",
            f"{prefix}-valid_from": "2026-06-01",
            f"{prefix}-valid_to": "2026-01-01",
        },
    )
    assert bad.status_code == 400
    assert "Статус не может закончиться раньше, чем начнётся." in bad.content.decode()
    assert 'value="2026-06-01"' in bad.content.decode()

    ok = client.post(
        f"/vendor/partners/{world.partner.pk}/statuses/",
        {
            f"{prefix}-level": "ЦК КОРП",
            f"{prefix}-valid_from": "2026-01-01",
            f"{prefix}-valid_to": "2026-12-31",
        },
    )
    assert ok.status_code == 302
    status = PartnerStatus.objects.get(organisation=world.partner)
    assert (
        "Завершить статус"
        in client.get(f"/vendor/partner-statuses/{status.pk}/end/").content.decode()
    )
    assert (
        client.post(f"/vendor/partner-statuses/{status.pk}/end/", {"on": "2026-06-30"}).status_code
        == 302
    )
    status.refresh_from_db()
    assert status.valid_to == dt.date(2026, 6, 30)
    ended = AuditRecord.objects.get(action="partner_status.ended")
    assert (ended.before, ended.after) == ({"valid_to": "2026-12-31"}, {"valid_to": "2026-06-30"})


def test_the_partner_adds_a_customer_in_a_group(world: World, admins: Admins) -> None:
    client = _client(admins.partner_admin)
    empty = client.post("/partner/customers/new/", {"name": "", "group_name": "Холдинг"})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert "Холдинг" in empty.content.decode()
    assert (
        client.post(
            "/partner/customers/new/", {"name": "ООО Ромашка", "group_name": "Холдинг"}
        ).status_code
        == 302
    )
    made = Organisation.objects.get(name="ООО Ромашка")
    assert (made.kind, made.managed_by, made.group and made.group.name) == (
        "customer",
        world.partner,
        "Холдинг",
    )
    assert "ООО Ромашка" in client.get("/partner/customers/").content.decode()
    assert "ООО Ромашка" not in _client(admins.other_partner_admin).get("/people/").content.decode()


def test_the_audit_trail_is_filtered_and_exported_along_the_chain(
    world: World, admins: Admins
) -> None:
    _client(admins.partner_admin).post(
        "/partner/customers/new/", {"name": '=HYPERLINK("http://x")', "group_name": ""}
    )
    customer_admin = _client(world.admin)
    data = {"organisation": world.customer.pk, "person": world.contact.pk, "role": "org_admin"}
    customer_admin.post("/people/grant/", data)

    vendor_page = _client(admins.vendor_admin).get("/audit/?action=role.granted")
    text = vendor_page.content.decode()
    assert vendor_page.status_code == 200
    assert "role granted" in text and "Contact" in text
    assert "other_customer_admin" not in text  # another vendor's chain
    own = _client(world.admin).get(f"/audit/?actor={world.admin.pk}").content.decode()
    assert "role granted" in own and "organisation added" not in own

    bad = _client(world.admin, "ru").get("/audit/?since=2026-05-09&until=2026-05-01")
    assert bad.status_code == 400 and "Конец раньше начала." in bad.content.decode()
    assert 'value="2026-05-09"' in bad.content.decode()

    exported = _client(admins.partner_admin).get("/audit.csv?action=organisation.created")
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "When"
    labels = [row[5] for row in rows[1:]]
    assert labels == ['\'=HYPERLINK("http://x")']
    outside = _client(admins.partner_admin).get("/audit/").content.decode()
    assert "Other customer" not in outside


ADMIN_ROUTES = (
    "/people/",
    "/people/invite/",
    "/people/grant/",
    "/people/revoke/",
    "/people/deactivate/",
    "/people/certificates/",
    "/people/certificates/{cert}/remove/",
    "/vendor/certificates/",
    "/vendor/partners/",
    "/vendor/partners/new/",
    "/vendor/partners/{partner}/statuses/",
    "/vendor/partner-statuses/{status}/end/",
    "/partner/customers/",
    "/partner/customers/new/",
    "/partner/customers/{customer}/group/",
    "/audit/",
    "/audit.csv",
    "/invitation/x/",
    "/password/reset/",
    "/account/totp/disable/",
)


def test_hostile_input_on_the_admin_pages_is_never_a_500(world: World, admins: Admins) -> None:
    from kabinet.cabinets.tests.test_hostile_pages import HOSTILE, _field_names

    status = add_partner_status(
        partner=world.partner,
        level="ЦК КОРП",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    cert = save_certificate(
        organisation=world.partner,
        person=world.engineer,
        kind="1С:Эксперт",
        number="E-1",
        valid_until=dt.date(2027, 1, 1),
    )
    faults = []
    for person in (world.admin, admins.partner_admin, admins.vendor_admin):
        client = Client(raise_request_exception=False)
        client.force_login(person)
        for route in ADMIN_ROUTES:
            url = route.format(
                cert=cert.pk, partner=world.partner.pk, status=status.pk, customer=world.customer.pk
            )
            for value in HOSTILE:
                data = dict.fromkeys(_field_names() | {"on", "since", "until", "actor"}, value)
                prefixed = {f"status-{world.partner.pk}-{k}": v for k, v in data.items()}
                for method, response in (
                    ("GET", client.get(url, data)),
                    ("POST", client.post(url, {**data, **prefixed})),
                ):
                    if response.status_code >= 500:
                        faults.append(f"{method} {url} as {person} with {value[:20]!r}")
    assert not faults, "\n".join(faults)


def test_the_vendor_staffs_its_new_partner_and_the_partner_its_customer(
    world: World, admins: Admins, smtp_server: Mailbox
) -> None:
    vendor = _client(admins.vendor_admin)
    assert vendor.post("/vendor/partners/new/", {"name": "Новый партнёр"}).status_code == 302
    partner = Organisation.objects.get(name="Новый партнёр")
    invite = {
        "organisation": partner.pk,
        "email": "engineer@new-partner.test",
        "full_name": "Инженер",
        "role": "engineer",
        "language": "ru",
    }
    assert vendor.post("/people/invite/", invite).status_code == 302
    engineer = Person.objects.get(normalised_email="engineer@new-partner.test")
    certificate = {
        "organisation": partner.pk,
        "person": engineer.pk,
        "kind": "1С:Эксперт",
        "number": "E-77",
        "valid_until": "2027-05-01",
    }
    assert vendor.post("/people/certificates/", certificate).status_code == 302
    assert "E-77" in vendor.get("/vendor/certificates/").content.decode()

    own_admin = {**invite, "email": "boss@new-partner.test", "role": "org_admin"}
    assert vendor.post("/people/invite/", own_admin).status_code == 302
    wrong_role = {**invite, "email": "x@new-partner.test", "role": "authorised_contact"}
    refused = vendor.post("/people/invite/", wrong_role)
    assert refused.status_code == 400
    assert "This role cannot be given in this organisation." in refused.content.decode()
    assert len(smtp_server.messages) == 2
    assert AuditRecord.objects.filter(action="person.invited", organisation=partner).count() == 2

    page = vendor.get("/people/").content.decode()
    assert page.count("Send the invitation again") == 2  # both have not set a password yet
    assert vendor.post("/people/invite/", invite).status_code == 302
    assert len(smtp_server.messages) == 3


def test_the_vendor_adds_a_customer_of_its_own_and_invites_its_contacts(
    world: World, admins: Admins, smtp_server: Mailbox
) -> None:
    vendor = _client(admins.vendor_admin)
    assert vendor.post("/partner/customers/new/", {"name": "Прямой клиент"}).status_code == 302
    customer = Organisation.objects.get(name="Прямой клиент")
    assert (customer.kind, customer.managed_by) == (OrganisationKind.CUSTOMER, world.vendor)
    assert "Прямой клиент" in vendor.get("/partner/customers/").content.decode()
    invite = {
        "organisation": customer.pk,
        "email": "contact@direct.test",
        "full_name": "Контакт",
        "role": "authorised_contact",
        "language": "ru",
    }
    assert vendor.post("/people/invite/", invite).status_code == 302
    assert smtp_server.to("contact@direct.test")
    record = AuditRecord.objects.get(action="organisation.created", organisation=customer)
    assert record.actor == admins.vendor_admin
    # The partner's admins do not see the vendor's own customer.
    partner_page = _client(admins.partner_admin).get("/partner/customers/").content.decode()
    assert "Прямой клиент" not in partner_page


# POSTs with an empty body: the people allowed get the form back naming what is missing
# (400; the company group may be emptied, 302), everyone else signed in 404.
ADMINS = {"admin", "partner_admin", "vendor_admin"}
POSTS: dict[str, tuple[set[str], int]] = {
    "/people/invite/": (ADMINS, 400),
    "/people/grant/": (ADMINS, 400),
    "/people/certificates/": (ADMINS, 400),
    "/vendor/partners/new/": ({"vendor_admin"}, 400),
    "/partner/customers/new/": ({"partner_admin", "vendor_admin"}, 400),
    "/vendor/partners/{partner}/statuses/": ({"vendor_admin"}, 400),
    "/vendor/partner-statuses/{status}/end/": ({"vendor_admin"}, 400),
    "/partner/customers/{customer}/group/": ({"partner_admin"}, 302),
}
# The confirmation pages of this chain's own rows.
CONFIRMS: dict[str, set[str]] = {
    "/vendor/partner-statuses/{status}/end/": {"vendor_admin"},
    "/people/certificates/{certificate}/remove/": {"partner_admin"},
}


def _own_rows(world: World) -> dict[str, int]:
    status = add_partner_status(
        partner=world.partner,
        level="ЦК КОРП",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    certificate = save_certificate(
        organisation=world.partner,
        person=world.engineer,
        kind="1С:Эксперт",
        number="E-1",
        valid_until=dt.date(2027, 1, 1),
    )
    return {
        "partner": world.partner.pk,
        "customer": world.customer.pk,
        "status": status.pk,
        "certificate": certificate.pk,
    }


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("url", list(POSTS))
def test_post_access(world: World, admins: Admins, url: str, who: str) -> None:
    allowed, code = POSTS[url]
    response = _client(_person(world, admins, who)).post(url.format(**_own_rows(world)), {})
    expected = 302 if who == "anon" else code if who in allowed else 404
    assert response.status_code == expected, (url, who)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("url", list(CONFIRMS))
def test_confirmation_page_access(world: World, admins: Admins, url: str, who: str) -> None:
    response = _client(_person(world, admins, who)).get(url.format(**_own_rows(world)))
    expected = 302 if who == "anon" else 200 if who in CONFIRMS[url] else 404
    assert response.status_code == expected, (url, who)
