"""State changes of entitlements: defining package services, requesting a service against
its quota of the current contract year, booking the date of a service given by date, and
appointing responsible contacts. Each runs in one transaction.

Requests of one contract are serialised on the contract row lock, so two concurrent
requests can never both take the last unit of a quota.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.audit.actions import record_change, snapshot
from kabinet.contracts.actions import ChangeAuthor, save_package
from kabinet.contracts.models import Contract, Package
from kabinet.contracts.package_templates import TargetRow
from kabinet.entitlements.models import (
    MAX_PREFERRED_DATES,
    SEATS_PER_BLOCK,
    BookingState,
    PackageService,
    ServiceBooking,
    ServiceRequest,
    ServiceUnit,
)
from kabinet.entitlements.queries import quota_for
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.orgs.models import Organisation, Person
from kabinet.orgs.queries import speaks_for_customer, supplier_organisation_ids


class QuotaExceededError(ConflictError):
    """The request asks for more than is left of a quota that is not billable beyond it."""


def define_package_service(
    *,
    package: Package,
    code: str,
    name: str,
    amount: int,
    unit: ServiceUnit = ServiceUnit.ITEM,
    seats_per_block: int = SEATS_PER_BLOCK,
    billable_over_quota: bool = False,
    choice_group: str = "",
    booked_by_date: bool = False,
) -> PackageService:
    """Create or update (by ``code``) a service of the package; used by presets and admins."""
    service, _created = PackageService.objects.update_or_create(
        package=package,
        code=code,
        defaults={
            "name": name,
            "amount": amount,
            "unit": unit,
            "seats_per_block": seats_per_block,
            "billable_over_quota": billable_over_quota,
            "choice_group": choice_group,
            "booked_by_date": booked_by_date,
        },
    )
    return service


def request_service(
    *,
    contract: Contract,
    service_code: str,
    requested_by: Person,
    quantity: int,
    note: str = "",
    preferred_dates: Sequence[dt.date] = (),
    now: dt.datetime | None = None,
) -> ServiceRequest:
    """Consume ``quantity`` of a package service from the quota of the current year of the
    contract's term. Beyond what is left, the request is refused with the remaining amount
    (QuotaExceededError, 409), unless the service is billable over quota: then the excess
    is recorded as ``billable``. A service booked by date needs the customer's
    ``preferred_dates`` and gets its booking, which waits for the supplier's date."""
    if quantity < 1:
        raise DomainError(_("The quantity must be at least 1."), field="quantity")
    _check_may_request(requested_by, contract)
    with transaction.atomic():
        contract = (
            Contract.objects.select_for_update().select_related("package").get(pk=contract.pk)
        )
        now = clock.resolve(now)
        today = contract.local_date(now)
        if not contract.covers(today):
            raise DomainError(
                _("Contract %(number)s is not in force on %(day)s.")
                % {"number": contract.number, "day": today.isoformat()},
                field="contract",
            )
        service = PackageService.objects.filter(
            package_id=contract.package_id, code=service_code
        ).first()
        if service is None:
            raise DomainError(
                _("The support package does not include the service “%(code)s”.")
                % {"code": service_code},
                field="service",
            )
        dates = _preferred_dates(service, preferred_dates, contract, today)
        covered, billable = _split(contract, service, quantity, now)
        made = ServiceRequest.objects.create(
            contract=contract,
            service=service,
            requested_by=requested_by,
            quantity=quantity,
            covered=covered,
            billable=billable,
            note=note,
            requested_at=now,
        )
        if service.booked_by_date:
            ServiceBooking.objects.create(request=made, preferred_dates=dates, updated_at=now)
        return made


def _preferred_dates(
    service: PackageService, dates: Sequence[dt.date], contract: Contract, today: dt.date
) -> list[str]:
    """The customer's offer as ISO dates, each from today to the contract's end."""
    if not service.booked_by_date:
        if dates:
            raise DomainError(
                _("“%(service)s” is not booked by date.") % {"service": service.name},
                field="preferred_dates",
            )
        return []
    if not dates:
        raise DomainError(
            _("“%(service)s” is booked by date: name the dates that suit you.")
            % {"service": service.name},
            field="preferred_dates",
        )
    if len(dates) > MAX_PREFERRED_DATES:
        raise DomainError(
            _("Name at most %(count)s dates.") % {"count": MAX_PREFERRED_DATES},
            field="preferred_dates",
        )
    _check_bookable(contract, today, *dates, field="preferred_dates")
    return sorted({day.isoformat() for day in dates})


def _check_bookable(contract: Contract, today: dt.date, *days: dt.date, field: str) -> None:
    for day in days:
        if not today <= day <= contract.valid_to:
            raise DomainError(
                _("%(day)s is not between today (%(today)s) and the contract's end (%(end)s).")
                % {
                    "day": day.isoformat(),
                    "today": today.isoformat(),
                    "end": contract.valid_to.isoformat(),
                },
                field=field,
            )


def propose_booking_date(
    booking: ServiceBooking, *, author: Person, day: dt.date, now: dt.datetime | None = None
) -> ServiceBooking:
    """The supplier names the date: one of the customer's preferred dates is agreed at
    once (the customer offered it); any other waits for the customer's answer."""
    with transaction.atomic():
        booking = _lock_booking(booking)
        contract = booking.request.contract
        if contract.supplier_id not in supplier_organisation_ids(author):
            raise NotAllowedError(_("Only the supplier's staff may propose the date."))
        if booking.state == BookingState.AGREED:
            raise ConflictError(_("The date is already agreed."))
        now = clock.resolve(now)
        _check_bookable(contract, contract.local_date(now), day, field="date")
        offered = day.isoformat() in booking.preferred_dates
        booking.state = BookingState.AGREED if offered else BookingState.PROPOSED
        booking.date = day
        booking.proposed_by = author
        booking.agreed_by = booking.request.requested_by if offered else None
        booking.updated_at = now
        booking.save()
        return booking


def agree_booking_date(
    booking: ServiceBooking, *, author: Person, now: dt.datetime | None = None
) -> ServiceBooking:
    """The customer agrees to the date the supplier proposed."""
    with transaction.atomic():
        booking = _lock_booking(booking)
        _check_customer_answers(author, booking)
        booking.state = BookingState.AGREED
        booking.agreed_by = author
        booking.updated_at = clock.resolve(now)
        booking.save(update_fields=["state", "agreed_by", "updated_at"])
        return booking


def decline_booking_date(
    booking: ServiceBooking,
    *,
    author: Person,
    preferred_dates: Sequence[dt.date],
    now: dt.datetime | None = None,
) -> ServiceBooking:
    """The customer declines the proposed date and offers other dates; the booking waits
    for the supplier again."""
    with transaction.atomic():
        booking = _lock_booking(booking)
        _check_customer_answers(author, booking)
        now = clock.resolve(now)
        contract = booking.request.contract
        booking.preferred_dates = _preferred_dates(
            booking.request.service, preferred_dates, contract, contract.local_date(now)
        )
        booking.state = BookingState.REQUESTED
        booking.date = None
        booking.updated_at = now
        booking.save(update_fields=["preferred_dates", "state", "date", "updated_at"])
        return booking


def _check_customer_answers(person: Person, booking: ServiceBooking) -> None:
    if not speaks_for_customer(person, booking.request.contract.customer_id):
        raise NotAllowedError(_("Only authorised contacts may answer the proposed date."))
    if booking.state != BookingState.PROPOSED:
        raise ConflictError(_("No proposed date waits for your answer."))


def _lock_booking(booking: ServiceBooking) -> ServiceBooking:
    return (
        ServiceBooking.objects.select_for_update(of=("self",))
        .select_related("request__contract", "request__service")
        .get(pk=booking.pk)
    )


def _split(
    contract: Contract, service: PackageService, quantity: int, now: dt.datetime
) -> tuple[int, int]:
    quota = quota_for(contract, service, now)
    if quota.closed:
        first, after = quota.term.bounds()
        taken = PackageService.objects.filter(
            package_id=service.package_id,
            choice_group=service.choice_group,
            requests__contract=contract,
            requests__requested_at__gte=first,
            requests__requested_at__lt=after,
        ).first()
        raise QuotaExceededError(
            _(
                "The package offers “%(service)s” only instead of “%(taken)s”, already used "
                "in the contract year up to %(end)s."
            )
            % {
                "service": service.name,
                "taken": taken.name if taken else "",
                "end": quota.term.end.isoformat(),
            },
            field="service",
        )
    if quantity <= quota.remaining:
        return quantity, 0
    if service.billable_over_quota:
        return quota.remaining, quantity - quota.remaining
    raise QuotaExceededError(
        _(
            "Only %(remaining)s of %(allowance)s %(unit)s of “%(service)s” are left in the "
            "contract year up to %(end)s."
        )
        % {
            "end": quota.term.end.isoformat(),
            "remaining": quota.remaining,
            "allowance": quota.allowance,
            "unit": ServiceUnit(service.unit).label,
            "service": service.name,
        },
        field="quantity",
    )


def _check_may_request(person: Person, contract: Contract) -> None:
    if contract.supplier_id in supplier_organisation_ids(person):
        return  # the supplier records a request taken by phone or email
    if speaks_for_customer(person, contract.customer_id):
        return
    raise NotAllowedError(_("Only authorised contacts may request package services."))


SERVICE_FIELDS = (
    "name",
    "amount",
    "unit",
    "seats_per_block",
    "billable_over_quota",
    "choice_group",
    "booked_by_date",
)


def save_package_with_services(
    *,
    package: Package | None,
    supplier: Organisation | None,
    values: Mapping[str, Any],
    targets: Sequence[TargetRow],
    services: Sequence[Mapping[str, Any]],
    author: ChangeAuthor,
    now: dt.datetime | None = None,
) -> Package:
    """The package form's one act: the package's rules and targets (``save_package``) and
    its services with their quotas per block of seats, together or not at all."""
    with transaction.atomic():
        package = save_package(
            package=package,
            supplier=supplier,
            values=values,
            targets=targets,
            author=author,
            now=now,
        )
        set_package_services(package=package, services=services, author=author, now=now)
    return package


def set_package_services(
    *,
    package: Package,
    services: Sequence[Mapping[str, Any]],
    author: ChangeAuthor,
    now: dt.datetime | None = None,
) -> None:
    """The package's services become exactly ``services`` (matched by ``code``); one that
    was already requested on a contract cannot be removed, since its requests count."""
    codes = [row["code"] for row in services]
    if len(set(codes)) != len(codes):
        raise DomainError(_("Two services have the same code."), field="services")
    with transaction.atomic():
        current = {
            s.code: s for s in PackageService.objects.select_for_update().filter(package=package)
        }
        before = {code: snapshot(s, SERVICE_FIELDS) for code, s in current.items()}
        gone = [s for code, s in current.items() if code not in codes]
        used = [s for s in gone if s.requests.exists()]
        if used:
            raise ConflictError(
                _("%(service)s was already requested on a contract; it cannot be removed.")
                % {"service": used[0].name},
                field="services",
            )
        PackageService.objects.filter(pk__in=[s.pk for s in gone]).delete()
        after = {
            row["code"]: snapshot(define_package_service(package=package, **row), SERVICE_FIELDS)
            for row in services
        }
        if before != after:
            record_change(
                action="package.services_changed",
                target=package,
                organisation=package.supplier,
                actor=author.person,
                address=author.address,
                before={"services": before},
                after={"services": after},
                now=now,
            )
