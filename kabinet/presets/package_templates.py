"""The seeds' packages as templates for the package form: the same values the preset
loader writes, so a package started from "seed 001" is the one the demo loads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from kabinet.contracts.package_templates import PackageTemplate
from kabinet.presets.spec import PackageSpec

# The seed each preset implements (``/work/shared/seeds``), for the template's title.
SEED_OF_PRESET = {
    "crm_corporate": "000",
    "platform_cabinets": "001",
    "integrator_packages": "002",
    "saas_vendor": "003",
    "integrator_lines": "004",
}


def package_values(spec: PackageSpec) -> dict[str, Any]:
    """The Package field values of a preset's package (its targets are separate rows)."""
    values: dict[str, Any] = {
        "priority_change_mode": spec.priority_change_mode,
        "workaround_resolves": spec.workaround_resolves,
        "allowed_channels": list(spec.channels),
        "mandatory_intake_fields": list(spec.intake),
        "critical_conditions_apply": spec.critical_conditions_apply,
        "escalation_certificate": spec.escalation_certificate,
        "escalation_requires_staff": spec.escalation_requires_staff,
        "dedicated_specialist": spec.dedicated_specialist,
        "asks_for_screenshots": spec.asks_for_screenshots,
        "request_categories": list(spec.categories),
    }
    if spec.single_responsible_contact is not None:
        values["single_responsible_contact"] = spec.single_responsible_contact
    return values


def seed_package_templates() -> Iterator[PackageTemplate]:
    from kabinet.presets.regimes import PRESETS

    for name, preset in PRESETS.items():
        seed = SEED_OF_PRESET.get(name, name)
        for spec in preset.packages:
            yield PackageTemplate(
                key=f"{name}:{spec.key}",
                title=f"{seed} · {spec.name}",
                values={"name": spec.name, **package_values(spec)},
                targets=tuple(spec.targets),
                services=tuple(asdict(service) for service in spec.services),
            )
