"""Contracts that need other contracts in force (seed 000: the corporate service is an add-on
to a main 1С:ИТС/1С:КП contract; seed 001, 2.4: the vendor hears a customer's case only while
its 1С:РКЛ and ИТС ПРОФ are valid). Filing and escalation ask here; the day is the contract's
own, in its time zone."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import Contract
from kabinet.errors import DomainError, NotAllowedError

# The annotation ``with_requirement_flag`` adds: does the contract require any contract?
REQUIRES_ANY = "requires_any"


def with_requirement_flag(contracts: QuerySet[Contract]) -> QuerySet[Contract]:
    """``contracts`` saying, in the same statement, whether each requires another contract:
    most require none, and then ``missing_prerequisites`` reads nothing more."""
    required = Contract.requires.through.objects.filter(from_contract_id=OuterRef("pk"))
    return contracts.annotate(**{REQUIRES_ANY: Exists(required)})


def missing_prerequisites(contract: Contract, moment: dt.datetime) -> list[Contract]:
    """The contracts ``contract`` requires that are not in force on its day of ``moment``
    (no read where the contract came from ``with_requirement_flag`` requiring none)."""
    if getattr(contract, REQUIRES_ANY, None) is False:
        return []
    day = contract.local_date(moment)
    return [
        required for required in contract.requires.order_by("number") if not required.covers(day)
    ]


def require_prerequisites(contract: Contract, moment: dt.datetime, *, act: str) -> None:
    """Raise a refusal naming the first required contract not in force; ``act`` says what is
    refused ("filing" or "escalation")."""
    missing = missing_prerequisites(contract, moment)
    if not missing:
        return
    values = {
        "number": contract.number,
        "required": missing[0].number,
        "day": contract.local_date(moment).isoformat(),
    }
    if act == "escalation":  # a refusal of the partner's act, shown where the form would be
        raise NotAllowedError(
            _(
                "Contract %(number)s needs contract %(required)s in force, and on %(day)s it "
                "is not: escalation to the vendor is not possible."
            )
            % values
        )
    else:
        message = _(
            "Contract %(number)s needs contract %(required)s in force, and on %(day)s it is "
            "not: new tickets cannot be filed."
        )
    raise DomainError(message % values, field="contract")


def add_prerequisite(contract: Contract, required: Contract) -> None:
    """Make ``contract`` need ``required``: another contract of the same customer."""
    if required.pk == contract.pk or required.customer_id != contract.customer_id:
        raise DomainError(
            _("A contract can only require another contract of the same customer."),
            field="requires",
        )
    contract.requires.add(required)
