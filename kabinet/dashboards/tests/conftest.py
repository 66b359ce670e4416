"""The dashboard tests run on the cross-tenant history of ``history.py``."""

from __future__ import annotations

import pytest
import time_machine

from kabinet.conftest import World
from kabinet.dashboards.tests.history import build_history


@pytest.fixture
def history(world: World, frozen_time: time_machine.Traveller) -> World:
    return build_history(world, frozen_time)
