"""Who opens the set-up pages: the admins of the supplier (partner or vendor) reach their
own rows; engineers, customers and their admins get 404 like a wrong URL, and so does
another partner's admin for this partner's rows."""

from __future__ import annotations

import pytest
from django.test import Client

from kabinet.cabinets.tests.setup.conftest import Admins
from kabinet.conftest import World
from kabinet.contracts.tests.factories import PackageFactory
from kabinet.lines.models import SupportLine

VENDOR_ADMIN, PARTNER_ADMIN, OTHER_ADMIN = "vendor_admin", "partner_admin", "other_admin"
ENGINEER, CONTACT, CUSTOMER_ADMIN, VENDOR_ENGINEER = (
    "engineer",
    "contact",
    "admin",
    "vendor_engineer",
)
EVERYONE = (
    VENDOR_ADMIN,
    PARTNER_ADMIN,
    OTHER_ADMIN,
    ENGINEER,
    CONTACT,
    CUSTOMER_ADMIN,
    VENDOR_ENGINEER,
)


def _only(*allowed: str, code: int = 200) -> dict[str, int]:
    return {who: code if who in allowed else 404 for who in EVERYONE}


ANY_ADMIN = (VENDOR_ADMIN, PARTNER_ADMIN, OTHER_ADMIN)
PAGES: dict[str, dict[str, int]] = {
    "/setup/": _only(*ANY_ADMIN),
    "/setup/packages/new/": _only(*ANY_ADMIN),
    "/setup/contracts/new/": _only(*ANY_ADMIN),
    "/setup/lines/new/": _only(*ANY_ADMIN),
    "/setup/packages/{package}/": _only(PARTNER_ADMIN),
    "/setup/contracts/{contract}/": _only(PARTNER_ADMIN),
    "/setup/contracts/{contract}/calendar/": _only(PARTNER_ADMIN),
    "/setup/contracts/{vendor_contract}/calendar/": _only(VENDOR_ADMIN),
    "/setup/lines/{line}/": _only(PARTNER_ADMIN),
}
# POSTs with an empty body: the allowed admin gets the form back with its errors (400).
POSTS: dict[str, dict[str, int]] = {
    "/setup/packages/{package}/": _only(PARTNER_ADMIN, code=400),
    "/setup/packages/{package}/preview/": _only(PARTNER_ADMIN, code=400),
    "/setup/contracts/{contract}/": _only(PARTNER_ADMIN, code=400),
    "/setup/contracts/{contract}/preview/": _only(PARTNER_ADMIN, code=400),
    "/setup/contracts/{contract}/calendar/": _only(PARTNER_ADMIN, code=400),
    "/setup/contracts/{contract}/calendar/preview/": _only(PARTNER_ADMIN, code=400),
    "/setup/lines/{line}/": _only(PARTNER_ADMIN, code=400),
    "/setup/packages/new/": _only(*ANY_ADMIN, code=400),
    "/setup/contracts/new/": _only(*ANY_ADMIN, code=400),
    "/setup/lines/new/": _only(*ANY_ADMIN, code=400),
    "/setup/production-calendar/": _only(VENDOR_ADMIN, code=400),
}


def _people(world: World, admins: Admins) -> dict[str, object]:
    return {
        VENDOR_ADMIN: admins.vendor,
        PARTNER_ADMIN: admins.partner,
        OTHER_ADMIN: admins.other_partner,
        ENGINEER: world.engineer,
        CONTACT: world.contact,
        CUSTOMER_ADMIN: world.admin,
        VENDOR_ENGINEER: world.vendor_engineer,
    }


def _url(template: str, world: World) -> str:
    from kabinet.contracts.tests.factories import ContractFactory

    package = world.contract.package
    package.supplier = world.partner
    package.save()
    line, _ = SupportLine.objects.get_or_create(supplier=world.partner, key="first", name="First")
    vendor_contract = ContractFactory.create(
        supplier=world.vendor, customer=world.partner, package=PackageFactory.create()
    )
    return template.format(
        package=package.pk,
        contract=world.contract.pk,
        vendor_contract=vendor_contract.pk,
        line=line.pk,
    )


@pytest.mark.parametrize(("template", "who"), [(t, w) for t in PAGES for w in EVERYONE])
def test_get(world: World, admins: Admins, template: str, who: str) -> None:
    client = Client()
    client.force_login(_people(world, admins)[who])  # type: ignore[arg-type]
    assert client.get(_url(template, world)).status_code == PAGES[template][who]


@pytest.mark.parametrize(("template", "who"), [(t, w) for t in POSTS for w in EVERYONE])
def test_post(world: World, admins: Admins, template: str, who: str) -> None:
    client = Client()
    client.force_login(_people(world, admins)[who])  # type: ignore[arg-type]
    assert client.post(_url(template, world), {}).status_code == POSTS[template][who]


@pytest.mark.parametrize("template", [*PAGES, *POSTS])
def test_signed_out_goes_to_sign_in(world: World, template: str) -> None:
    response = Client().get(_url(template, world))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
