"""Seed 002: "Выделенный специалист" — Premium only. A rule of the package: a contract names
a personal consultant only on a package that includes one, and only then does the consultant
take the contract's new tickets first."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kabinet.conftest import World


def test_a_consultant_only_on_a_package_with_a_dedicated_specialist(world: World) -> None:
    world.contract.full_clean()
    package = world.contract.package
    package.dedicated_specialist = False
    package.save(update_fields=["dedicated_specialist"])
    with pytest.raises(ValidationError) as info:
        world.contract.full_clean()
    assert "does not include a dedicated specialist" in str(info.value)
