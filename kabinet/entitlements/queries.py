"""Quota reads: what a contract is entitled to, what it has used, what is left."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from kabinet.contracts.models import Contract
from kabinet.entitlements.models import PackageService


@dataclass(frozen=True)
class Quota:
    service: PackageService
    blocks: int
    allowance: int
    used: int  # covered by the quota
    billable: int  # requested beyond the quota, paid separately
    closed: bool  # an alternative in the same choice group was taken instead

    @property
    def remaining(self) -> int:
        return 0 if self.closed else max(0, self.allowance - self.used)


def contract_quotas(contract: Contract) -> list[Quota]:
    """Every service of the contract's package with its usage on this contract (one query)."""
    on_contract = Q(requests__contract=contract)
    services = list(
        PackageService.objects.filter(package_id=contract.package_id)
        .annotate(
            used=Coalesce(Sum("requests__covered", filter=on_contract), 0),
            billed=Coalesce(Sum("requests__billable", filter=on_contract), 0),
        )
        .order_by("id")
    )
    taken_groups = {s.choice_group for s in services if s.choice_group and (s.used or s.billed)}
    return [
        Quota(
            service=s,
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


def quota_for(contract: Contract, service: PackageService) -> Quota:
    return next(q for q in contract_quotas(contract) if q.service.pk == service.pk)
