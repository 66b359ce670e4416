# ruff: noqa: RUF012
# Tickets registered before have no fingerprint (""): a replay of their key is answered
# without comparing, as it was before.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0009_slaalert_late_warning"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="idempotency_fingerprint",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
    ]
