"""The shape of a preset: plain data describing organisations, people, packages, contracts
and demo tickets. Loading it is ``presets.loading``; the data is in ``presets.regimes``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kabinet.entitlements.catalogue import ServiceSpec

# (criticality, kind, amount, unit, calendar) as in contracts.PackageTarget
TargetRow = tuple[int, str, int, str, str]


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    kind: str  # OrganisationKind value
    group: str = ""
    partner_status: str = ""


@dataclass(frozen=True)
class PersonSpec:
    username: str
    full_name: str
    org: str
    roles: tuple[str, ...]
    language: str = "ru"
    certificate: str = ""  # kind of a valid certificate, e.g. "1С:Эксперт"


@dataclass(frozen=True)
class PackageSpec:
    key: str
    name: str
    supplier: str
    targets: tuple[TargetRow, ...]
    channels: tuple[str, ...] = ("portal", "email")
    intake: tuple[str, ...] = ()
    priority_change_mode: str = "retroactive"
    # DESIGN: a workaround meets the resolution target only where the package says so.
    workaround_resolves: bool = False
    # Services and contact terms put on by ``entitlements.catalogue.equip_package``; with
    # neither, the package's services and terms are left as they are.
    services: tuple[ServiceSpec, ...] = ()
    single_responsible_contact: bool | None = None
    critical_conditions_apply: bool = False
    escalation_certificate: str = ""
    escalation_requires_staff: bool = False
    # Contracts on the package may name a personal consultant who takes new tickets first.
    dedicated_specialist: bool = False
    # Seed 004, step 1: the form asks for screenshots or a video.
    asks_for_screenshots: bool = False
    # RequestCategory values the package covers; empty: support questions only.
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContractSpec:
    number: str
    supplier: str
    customer: str
    package: str
    calendar: dict[str, Any]
    seats: int = 50
    time_zone: str = "Europe/Moscow"
    consultant: str = ""
    responsible: tuple[str, ...] = ()
    # Numbers of the customer's other contracts this one needs in force (Contract.requires).
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineSpec:
    """A support line of ``supplier`` (kabinet.lines) with its reaction OLA; members by
    username."""

    supplier: str
    key: str
    name: str
    position: int
    reaction: tuple[int, str] | None  # (amount, DurationUnit value)
    calendar: str = "business"
    members: tuple[str, ...] = ()
    # RequestCategory values whose new tickets start in this line (lines.CategoryRoute).
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class TicketSpec:
    """A demo ticket whose history is built by the real actions; ``state`` names the story
    (see ``presets.stories``)."""

    slug: str
    contract: str
    reporter: str
    engineer: str
    subject: str
    state: str
    criticality: int = 3
    production: bool = True


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    orgs: tuple[Org, ...]
    people: tuple[PersonSpec, ...]
    packages: tuple[PackageSpec, ...]
    contracts: tuple[ContractSpec, ...]
    tickets: tuple[TicketSpec, ...] = field(default=())
    lines: tuple[LineSpec, ...] = field(default=())
    # Where a newcomer to the demo starts with this regime, in the product's language.
    start_here: str = ""


def week(days: tuple[str, ...], start: str, end: str) -> dict[str, Any]:
    """A business calendar spec: these weekdays, one interval, the Russian calendar."""
    return {"week": {day: [[start, end]] for day in days}, "production_calendar": "ru"}


WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
