"""Migrations that move or derive rows keep every one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kabinet.orgs.models import Person

BEFORE_NORMALISED_EMAIL = ("orgs", "0001_initial")


@pytest.mark.django_db(transaction=True)
def test_people_stored_before_the_normal_form_get_it() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_NORMALISED_EMAIL])
    old = executor.loader.project_state(BEFORE_NORMALISED_EMAIL).apps.get_model("orgs", "Person")
    old.objects.create(username="anna", email="Anna@ПРИМЕР.РФ")
    old.objects.create(username="nobody", email="")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert dict(Person.objects.values_list("username", "normalised_email")) == {
        "anna": "anna@xn--e1afmkfd.xn--p1ai",
        "nobody": "",
    }
