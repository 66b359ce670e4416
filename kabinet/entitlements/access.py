"""Tenant-checked fetches for entitlements. Contracts come through ``contracts.access``
(one tenancy rule for contracts); this adds the rows that hang off a visible contract."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kabinet.contracts.access import access_contract
from kabinet.contracts.models import Contract
from kabinet.entitlements.models import ServiceBooking
from kabinet.errors import NotFoundError
from kabinet.orgs.models import Person


def access_responsible_contact(
    person: Person, contract_id: int, contact_id: int
) -> tuple[Contract, Person]:
    """A responsible contact of a contract the person sees; anything else is not found."""
    contract = access_contract(person, contract_id)
    contact = contract.responsible_contacts.filter(pk=contact_id).first()
    if contact is None:
        raise NotFoundError(_("Responsible contact not found."), field="person")
    return contract, contact


def access_booking(person: Person, booking_id: int) -> ServiceBooking:
    """A booking of a contract the person sees (both sides of it); anything else is not
    found."""
    booking = (
        ServiceBooking.objects.select_related("request__contract", "request__service")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        raise NotFoundError(_("Booking not found."))
    try:
        access_contract(person, booking.request.contract_id)
    except NotFoundError:
        raise NotFoundError(_("Booking not found.")) from None
    return booking
