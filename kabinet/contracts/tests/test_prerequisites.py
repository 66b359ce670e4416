"""Contracts that need another contract of the customer in force (seed 000: an add-on to a
main 1С:ИТС/1С:КП contract, sold for 12 months; seed 001, 2.4: the vendor hears the case
only while the customer's РКЛ and ИТС ПРОФ are valid). The day is the contract's own: the
world's contract is in Moscow, UTC+3."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.core.exceptions import ValidationError

from kabinet.conftest import World
from kabinet.contracts.access import access_contract
from kabinet.contracts.models import Contract, term_end
from kabinet.contracts.prerequisites import add_prerequisite, missing_prerequisites
from kabinet.contracts.tests.factories import ContractFactory, PackageFactory
from kabinet.errors import DomainError

UTC = dt.UTC


def main_contract(world: World, valid_to: dt.date) -> Contract:
    """The customer's ИТС ПРОФ with the same partner, which the world's contract requires."""
    main = ContractFactory.create(
        supplier=world.partner,
        customer=world.customer,
        number="ITS-PROF-1",
        valid_from=dt.date(2025, 6, 1),
        valid_to=valid_to,
    )
    add_prerequisite(world.contract, main)
    return main


def test_only_the_missing_ones_are_named(world: World) -> None:
    expired = main_contract(world, valid_to=dt.date(2026, 4, 30))
    valid = ContractFactory.create(supplier=world.vendor, customer=world.customer, number="RKL-1")
    add_prerequisite(world.contract, valid)
    now = dt.datetime(2026, 5, 8, 13, tzinfo=UTC)
    assert missing_prerequisites(world.contract, now) == [expired]


def test_a_contract_requires_only_another_of_the_same_customer(world: World) -> None:
    with pytest.raises(DomainError, match="same customer"):
        add_prerequisite(world.contract, world.other_contract)
    with pytest.raises(DomainError, match="same customer"):
        add_prerequisite(world.contract, world.contract)
    assert not world.contract.requires.exists()


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (dt.date(2026, 1, 1), 12, dt.date(2026, 12, 31)),
        (dt.date(2026, 3, 15), 12, dt.date(2027, 3, 14)),
        (dt.date(2026, 2, 1), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    ],
)
def test_a_term_ends_the_day_before_the_same_date(
    start: dt.date, months: int, end: dt.date
) -> None:
    assert term_end(start, months) == end


def test_a_package_sold_for_twelve_months_takes_only_such_contracts(db: None) -> None:
    package = PackageFactory.create(term_months=12)
    contract = ContractFactory.build(
        package=package, valid_from=dt.date(2026, 3, 15), valid_to=dt.date(2027, 3, 15)
    )
    with pytest.raises(ValidationError) as info:
        contract.clean()
    assert "2027-03-14" in str(info.value)
    contract.valid_to = dt.date(2027, 3, 14)
    contract.clean()


def test_a_contract_read_for_filing_says_whether_it_requires_any(
    world: World, django_assert_num_queries: Callable[..., AbstractContextManager[object]]
) -> None:
    """Filing reads the contract through ``access_contract(for_filing=True)``: one that
    requires nothing is judged without another statement; one that does still reads its
    prerequisites and names the lapsed one."""
    now = dt.datetime(2026, 5, 8, 13, tzinfo=UTC)
    plain = access_contract(world.contact, world.contract.pk, for_filing=True)
    with django_assert_num_queries(0):
        assert missing_prerequisites(plain, now) == []
    expired = main_contract(world, valid_to=dt.date(2026, 4, 30))
    requiring = access_contract(world.contact, world.contract.pk, for_filing=True)
    with django_assert_num_queries(1):
        assert missing_prerequisites(requiring, now) == [expired]
