"""Registration with the filer's statement that the diagnostic data exceed the attachment
limit (seed 001): the upload place opens in the registration's own transaction."""

from __future__ import annotations

import datetime as dt

from kabinet.conftest import NOW, World
from kabinet.tickets.models import EventKind, TicketEvent, UploadPlace
from kabinet.tickets.tests.factories import file_ticket

MB = 1024 * 1024


def test_filing_with_more_data_opens_the_place_with_the_package_limit(world: World) -> None:
    package = world.contract.package
    package.large_upload_limit = 7 * MB
    package.save()

    ticket = file_ticket(world.contract, world.contact, more_diagnostic_data=True)

    place = UploadPlace.objects.get(ticket=ticket)
    assert (place.opened_by, place.opened_at, place.limit) == (world.contact, NOW, 7 * MB)
    assert place.expires_at == NOW + dt.timedelta(days=14)
    kinds = list(TicketEvent.objects.filter(ticket=ticket).order_by("id").values_list("kind"))
    assert kinds == [(EventKind.REGISTERED,), (EventKind.UPLOAD_PLACE_OPENED,)]
    registered = TicketEvent.objects.get(ticket=ticket, kind=EventKind.REGISTERED)
    assert registered.payload["more_diagnostic_data"] is True
    opened = TicketEvent.objects.get(ticket=ticket, kind=EventKind.UPLOAD_PLACE_OPENED)
    assert opened.payload["requested"] is True
    assert opened.payload["upload_place"] == place.pk


def test_filing_without_the_statement_opens_no_place(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, more_diagnostic_data=False)
    default = file_ticket(world.contract, world.contact)

    assert UploadPlace.objects.filter(ticket__in=[ticket, default]).count() == 0
    registered = TicketEvent.objects.filter(kind=EventKind.REGISTERED)
    assert [e.payload.get("more_diagnostic_data") for e in registered] == [None, None]


def test_supplier_filing_on_the_customers_behalf_opens_the_place_as_the_supplier(
    world: World,
) -> None:
    ticket = file_ticket(world.contract, world.engineer, more_diagnostic_data=True)

    opened = TicketEvent.objects.get(ticket=ticket, kind=EventKind.UPLOAD_PLACE_OPENED)
    assert opened.payload["requested"] is False
    assert opened.actor_side == "supplier"


def test_a_retry_with_the_same_key_opens_no_second_place(world: World) -> None:
    first = file_ticket(
        world.contract, world.contact, idempotency_key="k1", more_diagnostic_data=True
    )
    again = file_ticket(
        world.contract, world.contact, idempotency_key="k1", more_diagnostic_data=True
    )

    assert again == first
    assert UploadPlace.objects.filter(ticket=first).count() == 1
