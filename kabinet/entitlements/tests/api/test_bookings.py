"""The course's booking through the API and on the contract page: both sides of the
contract see it, each acts only its part, everyone else gets 404; bad dates are a 400
naming the field."""

from __future__ import annotations

import pytest
from django.test import Client

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.entitlements.catalogue import SEED_000_SERVICES, equip_package
from kabinet.entitlements.models import BookingState, ServiceBooking


@pytest.fixture
def course(world: World) -> World:
    equip_package(world.contract.package, SEED_000_SERVICES)
    return world


def request_course(world: World, dates: list[str]) -> ServiceBooking:
    response = client_for(world.contact).post(
        f"/api/v1/contracts/{world.contract.pk}/service-requests",
        {"service": "course", "quantity": 1, "preferred_dates": dates},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["booking"]["state"] == "requested"
    assert body["quota"]["remaining"] == 0
    return ServiceBooking.objects.get(pk=body["booking"]["id"])


def test_the_course_is_booked_and_agreed_through_the_api(course: World) -> None:
    booking = request_course(course, ["2026-05-12", "2026-05-14"])
    supplier, customer = client_for(course.engineer), client_for(course.contact)
    proposal = supplier.post(
        f"/api/v1/bookings/{booking.pk}/proposal", {"date": "2026-05-20"}, format="json"
    )
    assert proposal.status_code == 200
    assert proposal.json()["state"] == "proposed"
    declined = customer.post(
        f"/api/v1/bookings/{booking.pk}/refusal", {"preferred_dates": ["2026-05-21"]}, format="json"
    )
    assert declined.json()["preferred_dates"] == ["2026-05-21"]
    supplier.post(f"/api/v1/bookings/{booking.pk}/proposal", {"date": "2026-05-22"}, format="json")
    agreed = customer.post(f"/api/v1/bookings/{booking.pk}/agreement")
    assert agreed.status_code == 200
    assert (agreed.json()["state"], agreed.json()["date"]) == ("agreed", "2026-05-22")
    for who in (course.contact, course.engineer, course.admin):
        listed = client_for(who).get(f"/api/v1/contracts/{course.contract.pk}/bookings")
        assert [row["date"] for row in listed.json()] == ["2026-05-22"]


@pytest.mark.parametrize(
    ("who", "propose", "answer"),
    [
        ("engineer", 200, 403),
        ("contact", 403, 200),
        ("admin", 403, 200),
        ("sibling_contact", 403, 200),  # the company group speaks for the customer
        ("other_engineer", 404, 404),
        ("outsider", 404, 404),
        ("vendor_engineer", 404, 404),
    ],
)
def test_access_matrix(course: World, who: str, propose: int, answer: int) -> None:
    booking = request_course(course, ["2026-05-12"])
    client = client_for(getattr(course, who))
    url = f"/api/v1/bookings/{booking.pk}"
    assert client.post(f"{url}/proposal", {"date": "2026-05-20"}, format="json").status_code == (
        propose
    )
    if propose != 200:
        client_for(course.engineer).post(f"{url}/proposal", {"date": "2026-05-20"}, format="json")
    assert client.post(f"{url}/agreement").status_code == answer
    listed = client.get(f"/api/v1/contracts/{course.contract.pk}/bookings")
    assert listed.status_code == (404 if propose == 404 else 200)
    state = ServiceBooking.objects.get(pk=booking.pk).state
    assert state == (BookingState.AGREED if answer == 200 else BookingState.PROPOSED)


def test_bad_dates_are_400_naming_the_field_in_russian(course: World) -> None:
    client = client_for(course.contact)
    url = f"/api/v1/contracts/{course.contract.pk}/service-requests"
    for dates, field in ((["not a date"], "preferred_dates"), ([], "preferred_dates")):
        response = client.post(
            url,
            {"service": "course", "quantity": 1, "preferred_dates": dates},
            format="json",
            headers={"accept-language": "ru"},
        )
        assert response.status_code == 400
        assert field in str(response.json())
    response = client.post(
        url,
        {"service": "course", "quantity": 1, "preferred_dates": ["2026-05-01"]},
        format="json",
        headers={"accept-language": "ru"},
    )
    assert response.status_code == 400
    assert "не между сегодняшним днём" in str(response.json())
    booking = request_course(course, ["2026-05-12"])
    response = client_for(course.engineer).post(
        f"/api/v1/bookings/{booking.pk}/proposal", {"date": "2020-01-01"}, format="json"
    )
    assert response.status_code == 400 and "date" in str(response.json())


def test_the_customers_contract_page_shows_the_booking(course: World) -> None:
    """The supplier reads it through ``/contracts/<id>/bookings`` (above): its cabinet has
    no contract page."""
    booking = request_course(course, ["2026-05-12"])
    client_for(course.engineer).post(
        f"/api/v1/bookings/{booking.pk}/proposal", {"date": "2026-05-20"}, format="json"
    )
    for who in ("contact", "sibling_contact"):
        page = Client(headers={"accept-language": "ru"})
        page.force_login(getattr(course, who))
        html = page.get(f"/client/contracts/{course.contract.pk}/").content.decode()
        section = html[html.index('id="bookings"') :]
        assert "Индивидуальный корпоративный онлайн-курс" in section
        assert "12.05.2026" in section and "20.05.2026" in section
        assert "дата предложена, ждет ответа клиента" in section
