"""Quota reads: what a contract is entitled to in a year of its term, what it has used in
that year, what is left. Quotas renew on each anniversary of the contract's start."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from kabinet import clock
from kabinet.contracts.models import Contract
from kabinet.entitlements.models import PackageService
from kabinet.entitlements.terms import TermYear, term_year


@dataclass(frozen=True)
class Quota:
    service: PackageService
    term: TermYear
    blocks: int
    allowance: int  # per term year
    used: int  # covered by the quota in this term year
    billable: int  # requested beyond the quota in this term year, paid separately
    closed: bool  # an alternative in the same choice group was taken this term year

    @property
    def remaining(self) -> int:
        return 0 if self.closed else max(0, self.allowance - self.used)


def contract_quotas(contract: Contract, at: dt.datetime | None = None) -> list[Quota]:
    """Every service of the contract's package with its usage in the term year holding
    ``at`` (default: now), in one query."""
    term = term_year(contract, at or clock.now())
    first, after = term.bounds()
    in_term = Q(
        requests__contract=contract,
        requests__requested_at__gte=first,
        requests__requested_at__lt=after,
    )
    services = list(
        PackageService.objects.filter(package_id=contract.package_id)
        .annotate(
            used=Coalesce(Sum("requests__covered", filter=in_term), 0),
            billed=Coalesce(Sum("requests__billable", filter=in_term), 0),
        )
        .order_by("id")
    )
    taken_groups = {s.choice_group for s in services if s.choice_group and (s.used or s.billed)}
    return [
        Quota(
            service=s,
            term=term,
            blocks=s.blocks(contract.seats),
            allowance=s.allowance(contract),
            used=s.used,
            billable=s.billed,
            closed=bool(s.choice_group)
            and s.choice_group in taken_groups
            and not (s.used or s.billed),
        )
        for s in services
    ]


def quota_for(contract: Contract, service: PackageService, at: dt.datetime | None = None) -> Quota:
    return next(q for q in contract_quotas(contract, at) if q.service.pk == service.pk)
