# ruff: noqa: RUF012
# Two indexes fewer on the ticket table (issue 15): every moved row of a bulk recompute
# writes an entry into each. The number's pattern index served no query; the contract's
# own index repeats the first column of ticket_contract_recent.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0009_asks_for_screenshots"),
        ("tickets", "0019_event_kinds_of_this_wave"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="ticket",
            name="contract",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="tickets",
                to="contracts.contract",
            ),
        ),
        migrations.AlterField(
            model_name="ticket",
            name="number",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.AddConstraint(
            model_name="ticket",
            constraint=models.UniqueConstraint(fields=("number",), name="ticket_number_unique"),
        ),
    ]
