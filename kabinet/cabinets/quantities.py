"""A number with its noun in the reader's language ("4 часа", "10 рабочих дней", "1 лицензия"):
the package's targets as written and the quotas' units, through ``ngettext`` so Russian gets
its one/few/many forms. Durations the clock computes are ``sla_words.duration_words``."""

from __future__ import annotations

from django.utils.translation import ngettext, npgettext

from kabinet.contracts.models import DurationUnit
from kabinet.entitlements.models import ServiceUnit


def target_amount(amount: int, unit: str) -> str:
    """A package target as the package states it: working days stay days, never the hours
    the clock turns them into."""
    if unit == DurationUnit.WORKING_DAYS:
        text = ngettext("%(n)s working day", "%(n)s working days", amount)
    elif unit == DurationUnit.HOURS:
        text = ngettext("%(n)s hour", "%(n)s hours", amount)
    else:
        text = ngettext("%(n)s minute", "%(n)s minutes", amount)
    return text % {"n": amount}


def quota_amount(amount: int, unit: str) -> str:
    """A quota's size in its service unit."""
    if unit == ServiceUnit.HOUR:
        text = npgettext("quota", "%(n)s hour", "%(n)s hours", amount)
    elif unit == ServiceUnit.LICENCE:
        text = npgettext("quota", "%(n)s licence", "%(n)s licences", amount)
    else:
        text = npgettext("quota", "%(n)s item", "%(n)s items", amount)
    return text % {"n": amount}
