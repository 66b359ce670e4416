"""The five support regimes of the seeds, one data module each, by preset name."""

from __future__ import annotations

from kabinet.presets.regimes import (
    crm_corporate,
    integrator_lines,
    integrator_packages,
    platform_cabinets,
    saas_vendor,
)
from kabinet.presets.spec import Preset

PRESETS: dict[str, Preset] = {
    module.PRESET.name: module.PRESET
    for module in (
        crm_corporate,
        platform_cabinets,
        integrator_packages,
        saas_vendor,
        integrator_lines,
    )
}
