"""Starting points for a new package: the seeds' regimes, registered by the app that holds
them (``kabinet.presets`` sits above the pages, so it hands its packages down here from its
``AppConfig.ready()`` instead of the pages importing it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# (criticality, kind, amount, unit, calendar): one PackageTarget's values.
TargetRow = tuple[int, str, int, str, str]


@dataclass(frozen=True)
class PackageTemplate:
    """A package's rules to start a form from: ``values`` are Package field values,
    ``targets`` its targets table, ``services`` the field values of its services with
    quotas (``entitlements.PackageService``)."""

    key: str
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    targets: tuple[TargetRow, ...] = ()
    services: tuple[dict[str, Any], ...] = ()


TemplateSource = Callable[[], Iterable[PackageTemplate]]
_sources: list[TemplateSource] = []


def on_package_templates(source: TemplateSource) -> None:
    """Register ``source``; registering the same one twice keeps one."""
    if source not in _sources:
        _sources.append(source)


def package_templates() -> dict[str, PackageTemplate]:
    """Every registered template by key, in registration order."""
    return {template.key: template for source in _sources for template in source()}
