"""Quotas multiplied per started block of 250 seats, consumed by service requests; the
contact rules of packages (one responsible contact, at most two organisation admins)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.contracts import actions as contract_actions
from kabinet.contracts.models import Contract
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.entitlements import actions
from kabinet.entitlements.catalogue import SEED_000_SERVICES, equip_package
from kabinet.entitlements.models import PackageService, ServiceRequest, ServiceUnit
from kabinet.entitlements.queries import contract_quotas
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Role
from kabinet.orgs.tests.factories import PersonFactory

MSK = ZoneInfo("Europe/Moscow")


def _consulting(world: World, **kwargs: object) -> PackageService:
    return actions.define_package_service(
        package=world.contract.package,
        code="consulting",
        name="Консультации методиста",
        amount=20,
        unit=ServiceUnit.HOUR,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("seats", "blocks"), [(1, 1), (250, 1), (251, 2), (450, 2), (500, 2), (501, 3), (600, 3)]
)
def test_quota_is_multiplied_per_started_block_of_250_seats(
    world: World, seats: int, blocks: int
) -> None:
    world.contract.seats = seats
    world.contract.save()
    _consulting(world)

    [quota] = contract_quotas(world.contract)

    assert quota.blocks == blocks
    assert quota.allowance == 20 * blocks
    assert quota.remaining == 20 * blocks


def test_requests_consume_the_quota_and_the_remainder_is_what_is_left(world: World) -> None:
    _consulting(world)
    actions.request_service(
        contract=world.contract, service_code="consulting", requested_by=world.contact, quantity=8
    )
    actions.request_service(
        contract=world.contract, service_code="consulting", requested_by=world.engineer, quantity=4
    )

    [quota] = contract_quotas(world.contract)

    assert (quota.used, quota.billable, quota.remaining) == (12, 0, 8)


def test_over_quota_request_is_refused_with_what_is_left(world: World) -> None:
    _consulting(world)
    actions.request_service(
        contract=world.contract, service_code="consulting", requested_by=world.contact, quantity=15
    )

    with pytest.raises(actions.QuotaExceededError) as refused:
        actions.request_service(
            contract=world.contract,
            service_code="consulting",
            requested_by=world.contact,
            quantity=6,
        )

    assert str(refused.value) == (
        "Only 5 of 20 hours of “Консультации методиста” are left in the contract year "
        "up to 2026-12-31."
    )
    assert refused.value.status_code == 409
    assert contract_quotas(world.contract)[0].remaining == 5


def test_over_quota_request_is_billable_when_the_package_says_so(world: World) -> None:
    _consulting(world, billable_over_quota=True)
    actions.request_service(
        contract=world.contract, service_code="consulting", requested_by=world.contact, quantity=15
    )

    made = actions.request_service(
        contract=world.contract, service_code="consulting", requested_by=world.contact, quantity=9
    )

    assert (made.covered, made.billable) == (5, 4)
    [quota] = contract_quotas(world.contract)
    assert (quota.used, quota.billable, quota.remaining) == (20, 4, 0)


def test_an_audit_or_twenty_consulting_hours_not_both(world: World) -> None:
    _consulting(world, choice_group="audit_or_consulting")
    actions.define_package_service(
        package=world.contract.package,
        code="audit",
        name="Аудит методистом",
        amount=1,
        choice_group="audit_or_consulting",
    )
    actions.request_service(
        contract=world.contract, service_code="audit", requested_by=world.contact, quantity=1
    )

    with pytest.raises(actions.QuotaExceededError, match="only instead of “Аудит методистом”"):
        actions.request_service(
            contract=world.contract,
            service_code="consulting",
            requested_by=world.contact,
            quantity=1,
        )
    quotas = {q.service.code: q for q in contract_quotas(world.contract)}
    assert quotas["consulting"].closed is True
    assert quotas["consulting"].remaining == 0
    assert quotas["audit"].remaining == 0


def test_a_service_outside_the_package_is_refused(world: World) -> None:
    with pytest.raises(DomainError, match="does not include the service “telephony”"):
        actions.request_service(
            contract=world.contract,
            service_code="telephony",
            requested_by=world.contact,
            quantity=1,
        )


def test_outsiders_and_expired_contracts_cannot_request(world: World) -> None:
    _consulting(world)
    with pytest.raises(NotAllowedError):
        actions.request_service(
            contract=world.contract,
            service_code="consulting",
            requested_by=world.outsider,
            quantity=1,
        )
    world.contract.valid_to = world.contract.valid_from
    world.contract.save()
    with pytest.raises(DomainError, match="is not in force on 2026-05-08"):
        actions.request_service(
            contract=world.contract,
            service_code="consulting",
            requested_by=world.contact,
            quantity=1,
        )


def test_a_package_with_one_responsible_contact_refuses_a_second(world: World) -> None:
    contract_actions.set_single_responsible_contact(package=world.contract.package, single=True)
    contract_actions.appoint_responsible_contact(
        contract=world.contract, person_id=world.contact.pk, author=world.admin
    )

    with pytest.raises(ConflictError, match="allows one responsible contact, and it is Contact"):
        contract_actions.appoint_responsible_contact(
            contract=world.contract, person_id=world.admin.pk, author=world.admin
        )
    contract_actions.withdraw_responsible_contact(
        contract=world.contract, person=world.contact, author=world.admin
    )
    contract_actions.appoint_responsible_contact(
        contract=world.contract, person_id=world.admin.pk, author=world.admin
    )

    assert list(world.contract.responsible_contacts.all()) == [world.admin]


def test_packages_without_the_rule_allow_several_contacts(world: World) -> None:
    for person in (world.contact, world.admin):
        contract_actions.appoint_responsible_contact(
            contract=world.contract, person_id=person.pk, author=world.engineer
        )
    assert world.contract.responsible_contacts.count() == 2


def test_only_an_admin_appoints_and_only_customer_members_are_appointed(world: World) -> None:
    with pytest.raises(NotAllowedError):
        contract_actions.appoint_responsible_contact(
            contract=world.contract, person_id=world.contact.pk, author=world.contact
        )
    with pytest.raises(DomainError, match="must belong to the customer"):
        contract_actions.appoint_responsible_contact(
            contract=world.contract, person_id=world.outsider.pk, author=world.admin
        )


def test_an_organisation_has_at_most_two_admins(world: World) -> None:
    """Enforced by core's grant_role; checked here as the entitlement rule of seed 001."""
    second = PersonFactory.create(username="second_admin")
    grant_role(organisation=world.customer, person=second, role=Role.ORG_ADMIN)

    with pytest.raises(DomainError, match="at most two organisation admins"):
        grant_role(organisation=world.customer, person=world.contact, role=Role.ORG_ADMIN)


def test_quotas_are_counted_per_contract(world: World) -> None:
    _consulting(world)
    other = ContractFactory.create(
        supplier=world.partner, customer=world.customer, package=world.contract.package
    )
    actions.request_service(
        contract=world.contract, service_code="consulting", requested_by=world.contact, quantity=20
    )

    assert contract_quotas(other)[0].remaining == 20


def test_the_seed_000_catalogue_twice_is_once(world: World) -> None:
    equip_package(world.contract.package, SEED_000_SERVICES, single_responsible_contact=True)
    equip_package(world.contract.package, SEED_000_SERVICES, single_responsible_contact=True)

    quotas = {q.service.code: q.allowance for q in contract_quotas(world.contract)}

    assert quotas == {"course": 1, "audit": 1, "consulting": 20, "telephony": 10}
    world.contract.package.refresh_from_db()
    assert world.contract.package.single_responsible_contact is True


def _mid_march_contract(world: World) -> Contract:
    """2026-03-15 to 2028-03-14, 300 seats (two blocks): 40 consulting hours a year."""
    contract = ContractFactory.create(
        supplier=world.partner,
        customer=world.customer,
        package=world.contract.package,
        valid_from=dt.date(2026, 3, 15),
        valid_to=dt.date(2028, 3, 14),
        seats=300,
    )
    _consulting(world, choice_group="audit_or_consulting")
    actions.define_package_service(
        package=world.contract.package,
        code="audit",
        name="Аудит методистом",
        amount=1,
        choice_group="audit_or_consulting",
    )
    return contract


def _request(contract: Contract, world: World, code: str, quantity: int) -> ServiceRequest:
    return actions.request_service(
        contract=contract, service_code=code, requested_by=world.contact, quantity=quantity
    )


def test_quota_renews_on_the_contract_anniversary_not_on_new_year(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    contract = _mid_march_contract(world)
    frozen_time.move_to(dt.datetime(2026, 12, 20, 12, 0, tzinfo=MSK))
    _request(contract, world, "consulting", 30)
    # New Year does not renew the quota: 10 of 40 hours are still all that is left.
    frozen_time.move_to(dt.datetime(2027, 3, 14, 23, 59, tzinfo=MSK))
    with pytest.raises(actions.QuotaExceededError) as refused:
        _request(contract, world, "consulting", 15)
    assert str(refused.value) == (
        "Only 10 of 40 hours of “Консультации методиста” are left in the contract year "
        "up to 2027-03-14."
    )
    _request(contract, world, "consulting", 10)
    # 00:00 on the anniversary in Moscow (21:00 UTC the day before): a fresh 40 hours.
    frozen_time.move_to(dt.datetime(2027, 3, 15, 0, 0, tzinfo=MSK))
    _request(contract, world, "consulting", 15)
    quotas = {q.service.code: q for q in contract_quotas(contract)}
    consulting = quotas["consulting"]
    assert (consulting.term.number, consulting.term.start) == (2, dt.date(2027, 3, 15))
    assert (consulting.used, consulting.remaining) == (15, 25)
    # The first year, read at any instant inside it, keeps what it used.
    first = contract_quotas(contract, dt.datetime(2026, 6, 1, tzinfo=MSK))
    assert [(q.service.code, q.used, q.remaining) for q in first] == [
        ("consulting", 40, 0),
        ("audit", 0, 0),
    ]


def test_an_alternative_taken_last_year_is_open_again(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    contract = _mid_march_contract(world)
    frozen_time.move_to(dt.datetime(2026, 4, 1, 12, 0, tzinfo=MSK))
    _request(contract, world, "audit", 1)
    with pytest.raises(actions.QuotaExceededError, match="already used in the contract year"):
        _request(contract, world, "consulting", 1)
    frozen_time.move_to(dt.datetime(2027, 4, 1, 12, 0, tzinfo=MSK))
    made = _request(contract, world, "consulting", 20)
    assert (made.covered, made.billable) == (20, 0)
    quotas = {q.service.code: q for q in contract_quotas(contract)}
    assert quotas["audit"].closed is True
    assert quotas["consulting"].remaining == 20


def test_billable_beyond_the_quota_is_counted_per_term_year(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    contract = _mid_march_contract(world)
    _consulting(world, billable_over_quota=True)
    frozen_time.move_to(dt.datetime(2027, 3, 1, 12, 0, tzinfo=MSK))
    made = _request(contract, world, "consulting", 45)
    assert (made.covered, made.billable) == (40, 5)
    frozen_time.move_to(dt.datetime(2027, 3, 16, 12, 0, tzinfo=MSK))
    made = _request(contract, world, "consulting", 45)
    assert (made.covered, made.billable) == (40, 5)
    [consulting] = [q for q in contract_quotas(contract) if q.service.code == "consulting"]
    assert (consulting.used, consulting.billable, consulting.remaining) == (40, 5, 0)
