"""The explicit hook through which the apps built on contracts learn that a package's or a
contract's rules changed (targets, business calendar): the tickets app moves open
deadlines. Registered once from the AppConfig.ready() of the app that listens."""

from __future__ import annotations

from collections.abc import Callable

from kabinet.contracts.models import Contract, Package

RulesChanged = Callable[[Package | None, Contract | None], object]

_rules_changed: list[RulesChanged] = []


def on_rules_changed(callback: RulesChanged) -> None:
    """Call ``callback(package, contract)`` after a package (contract None) or a contract
    (package None) was saved with rules that may move deadlines, inside the saving
    transaction. Registering the same callback twice keeps one."""
    if callback not in _rules_changed:
        _rules_changed.append(callback)


def rules_changed(*, package: Package | None = None, contract: Contract | None = None) -> None:
    for callback in _rules_changed:
        callback(package, contract)
