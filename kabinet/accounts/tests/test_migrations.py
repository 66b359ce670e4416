"""The profile's move from the cabinets keeps the table and its rows: a profile written before
the move is the accounts' ``Profile`` after it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kabinet.accounts.models import Profile
from kabinet.orgs.tests.factories import PersonFactory

CABINETS_0002 = ("cabinets", "0002_saved_view")
BEFORE = [CABINETS_0002, ("accounts", None)]


@pytest.mark.django_db(transaction=True)
def test_a_profile_stored_by_the_cabinets_survives_the_move() -> None:
    person = PersonFactory.create(username="anna")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(CABINETS_0002).apps
    old = old_apps.get_model("cabinets", "CabinetProfile")
    confirmed = dt.datetime(2026, 5, 8, 13, 0, tzinfo=dt.UTC)
    old.objects.create(
        person_id=person.pk,
        time_zone="Asia/Yekaterinburg",
        totp_secret="JBSWY3DPEHPK3PXP",
        totp_confirmed_at=confirmed,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    profile = Profile.objects.get(person=person)
    assert (profile.time_zone, profile.totp_secret, profile.totp_confirmed_at) == (
        "Asia/Yekaterinburg",
        "JBSWY3DPEHPK3PXP",
        confirmed,
    )
    assert profile.totp_enabled is True
