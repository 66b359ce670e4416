"""The SLA panel's words as filters: working time in hours, the reasons of pauses and the
arithmetic behind a due time, all from ``kabinet.cabinets.sla_words``."""

from __future__ import annotations

import datetime as dt

from django import template

from kabinet.cabinets import sla_words
from kabinet.sla.explain import TargetExplanation
from kabinet.sla.spans import Pause

register = template.Library()


@register.filter
def hours(amount: dt.timedelta | None) -> str:
    """Working time in hours and minutes ("42 h 30 min"): a day of it is not 24 hours."""
    return sla_words.duration_words(amount)


@register.filter
def pause_reason(pause: Pause) -> str:
    return sla_words.pause_reason(pause.reason)


@register.filter
def nothing_due(target: TargetExplanation) -> str:
    return sla_words.nothing_due(target.status)


@register.simple_tag
def plain_words(target: TargetExplanation, zone_name: str) -> str:
    return sla_words.plain_words(target, zone_name)


@register.simple_tag
def arithmetic(target: TargetExplanation, zone_name: str) -> str:
    return sla_words.arithmetic(target, zone_name)
