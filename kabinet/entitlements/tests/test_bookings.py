"""Seed 000, Услуга 5: the individual corporate online course is given "по предварительной
записи и с согласованием сроков". The customer requests it with the dates that suit it; the
supplier names a date (one of those is agreed at once, another waits for the customer, who
agrees or offers other dates). The quota is consumed by the request, one per block, as for
every service."""

from __future__ import annotations

import datetime as dt

import pytest

from kabinet.conftest import World
from kabinet.entitlements import actions
from kabinet.entitlements.catalogue import SEED_000_SERVICES, equip_package
from kabinet.entitlements.models import BookingState, ServiceBooking, ServiceRequest
from kabinet.entitlements.queries import contract_quotas
from kabinet.errors import ConflictError, DomainError, NotAllowedError

MAY_12, MAY_14, MAY_20 = dt.date(2026, 5, 12), dt.date(2026, 5, 14), dt.date(2026, 5, 20)


@pytest.fixture
def course(world: World) -> World:
    equip_package(world.contract.package, SEED_000_SERVICES)
    return world


def book(world: World, *dates: dt.date) -> ServiceBooking:
    made = actions.request_service(
        contract=world.contract,
        service_code="course",
        requested_by=world.contact,
        quantity=1,
        preferred_dates=dates,
    )
    return ServiceBooking.objects.get(request=made)


def course_quota(world: World) -> tuple[int, int]:
    quota = next(q for q in contract_quotas(world.contract) if q.service.code == "course")
    return quota.used, quota.remaining


def test_the_course_is_requested_with_preferred_dates_and_takes_one_of_the_quota(
    course: World,
) -> None:
    booking = book(course, MAY_14, MAY_12)
    assert booking.state == BookingState.REQUESTED
    assert booking.preferred_dates == ["2026-05-12", "2026-05-14"]
    assert booking.date is None
    assert course_quota(course) == (1, 0)  # one per block of 250 seats, as before
    with pytest.raises(ConflictError):  # the quota, not the booking, refuses a second
        book(course, MAY_20)


@pytest.mark.parametrize(
    "dates",
    [
        (),  # a course booked by date needs dates
        (dt.date(2026, 5, 7),),  # yesterday
        (dt.date(2027, 1, 5),),  # after the contract's end
        tuple(MAY_12 + dt.timedelta(days=n) for n in range(6)),  # at most five
    ],
)
def test_preferred_dates_are_checked_by_field(course: World, dates: tuple[dt.date, ...]) -> None:
    with pytest.raises(DomainError) as refused:
        book(course, *dates)
    assert refused.value.field == "preferred_dates"
    assert not ServiceRequest.objects.exists()


def test_a_service_not_booked_by_date_takes_no_dates(course: World) -> None:
    with pytest.raises(DomainError) as refused:
        actions.request_service(
            contract=course.contract,
            service_code="telephony",
            requested_by=course.contact,
            quantity=1,
            preferred_dates=[MAY_12],
        )
    assert refused.value.field == "preferred_dates"
    made = actions.request_service(
        contract=course.contract, service_code="telephony", requested_by=course.contact, quantity=1
    )
    assert not ServiceBooking.objects.filter(request=made).exists()


def test_the_supplier_confirms_one_of_the_customers_dates(course: World) -> None:
    booking = book(course, MAY_12, MAY_14)
    booking = actions.propose_booking_date(booking, author=course.engineer, day=MAY_14)
    assert (booking.state, booking.date) == (BookingState.AGREED, MAY_14)
    assert booking.agreed_by == course.contact
    with pytest.raises(ConflictError):
        actions.propose_booking_date(booking, author=course.engineer, day=MAY_20)


def test_another_date_waits_for_the_customer_who_agrees_or_offers_others(course: World) -> None:
    booking = book(course, MAY_12)
    booking = actions.propose_booking_date(booking, author=course.engineer, day=MAY_20)
    assert (booking.state, booking.date) == (BookingState.PROPOSED, MAY_20)
    with pytest.raises(NotAllowedError):  # the supplier does not agree for the customer
        actions.agree_booking_date(booking, author=course.engineer)
    booking = actions.decline_booking_date(booking, author=course.contact, preferred_dates=[MAY_14])
    assert (booking.state, booking.date, booking.preferred_dates) == (
        BookingState.REQUESTED,
        None,
        ["2026-05-14"],
    )
    with pytest.raises(ConflictError):  # nothing proposed now
        actions.agree_booking_date(booking, author=course.contact)
    actions.propose_booking_date(booking, author=course.engineer, day=MAY_20)
    booking = actions.agree_booking_date(booking, author=course.admin)
    assert (booking.state, booking.date, booking.agreed_by) == (
        BookingState.AGREED,
        MAY_20,
        course.admin,
    )
    assert course_quota(course) == (1, 0)  # the booking never touched the quota


@pytest.mark.parametrize("who", ["contact", "other_engineer", "vendor_engineer", "outsider"])
def test_only_the_contracts_supplier_proposes(course: World, who: str) -> None:
    booking = book(course, MAY_12)
    with pytest.raises(NotAllowedError):
        actions.propose_booking_date(booking, author=getattr(course, who), day=MAY_12)


@pytest.mark.parametrize("who", ["engineer", "other_engineer", "outsider"])
def test_only_the_customers_contacts_answer(course: World, who: str) -> None:
    booking = actions.propose_booking_date(book(course, MAY_12), author=course.engineer, day=MAY_20)
    with pytest.raises(NotAllowedError):
        actions.decline_booking_date(booking, author=getattr(course, who), preferred_dates=[MAY_14])
    assert ServiceBooking.objects.get(pk=booking.pk).state == BookingState.PROPOSED
