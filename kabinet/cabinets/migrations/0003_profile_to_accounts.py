# ruff: noqa: RUF012
"""The profile moves to ``kabinet.accounts`` (as ``accounts.Profile``): only Django's record
of it leaves this app; the table, its rows and its name stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cabinets", "0002_saved_view"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CabinetProfile")],
            database_operations=[],
        ),
    ]
