"""Who sees which rows of the reports (seed 001: the vendor controls its partners' SLA).

A vendor's people see every partner that holds a contract with their vendor, row per
supplier; a partner's people see their own customers, row per customer; customers see
no report at all (403: there is no object to hide, only a place they may not go).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import Contract
from kabinet.errors import NotAllowedError
from kabinet.orgs.models import Organisation, OrganisationKind, Person
from kabinet.reports.queries import Grouping


def report_scope(person: Person) -> tuple[set[int], Grouping]:
    """The supplier organisations whose tickets the person may report on, and the rows."""
    mine = Organisation.objects.filter(memberships__person=person)
    vendor_ids = set(mine.filter(kind=OrganisationKind.VENDOR).values_list("id", flat=True))
    if vendor_ids:
        partner_ids = set(
            Contract.objects.filter(
                supplier_id__in=vendor_ids, customer__kind=OrganisationKind.PARTNER
            ).values_list("customer_id", flat=True)
        )
        return vendor_ids | partner_ids, Grouping.SUPPLIER
    partner_ids = set(mine.filter(kind=OrganisationKind.PARTNER).values_list("id", flat=True))
    if partner_ids:
        return partner_ids, Grouping.CUSTOMER
    raise NotAllowedError(_("Reports are available to suppliers only."))
