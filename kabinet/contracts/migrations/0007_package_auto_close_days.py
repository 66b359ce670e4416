# ruff: noqa: RUF012

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0006_package_critical_conditions_and_certificate'),
    ]

    operations = [
        migrations.AddField(
            model_name='package',
            name='auto_close_days',
            field=models.PositiveSmallIntegerField(default=5),
        ),
    ]
