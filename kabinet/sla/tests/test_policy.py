"""Policy data: non-standard resolution, validation."""

import pytest

from kabinet.sla import LevelTargets, Policy, TargetName
from kabinet.sla.tests.builders import business


def test_non_standard_tickets_take_the_non_standard_target() -> None:
    policy = Policy(
        levels={3: LevelTargets(resolution=business(8), resolution_nonstandard=business(32))}
    )
    assert policy.target(TargetName.RESOLUTION, 3, None) == business(8)
    assert policy.target(TargetName.RESOLUTION, 3, True) == business(8)
    assert policy.target(TargetName.RESOLUTION, 3, False) == business(32)
    assert policy.target(TargetName.RESOLUTION, 2, False) is None


def test_invalid_policies_are_refused() -> None:
    with pytest.raises(ValueError, match=r"1\.\.4"):
        Policy(levels={5: LevelTargets()})
    with pytest.raises(ValueError, match="warning_fraction"):
        Policy(warning_fraction=1.5)
    with pytest.raises(ValueError, match="negative"):
        business(-1)
