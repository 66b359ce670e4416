"""Runs code as if it were a given instant, so that demo histories are built by the real
actions (which take the time from ``django.utils.timezone.now``, not as a parameter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


@contextmanager
def at(instant: dt.datetime) -> Iterator[None]:
    """Make ``timezone.now()`` answer ``instant`` inside the block. Only for the single-
    threaded demo loader; every caller reads the time through that one function."""
    with mock.patch.object(timezone, "now", return_value=instant):
        yield
