# ruff: noqa: RUF012
"""The outbox and SLA alerts become tickets' own models (tickets 0004 takes them over with
their rows); here they only leave notifications' state, no table is touched."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_delivery_slaalert'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='OutboxMessage'),
                migrations.DeleteModel(name='SlaAlert'),
            ],
            database_operations=[],
        ),
    ]
