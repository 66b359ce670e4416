# ruff: noqa: RUF012, E501

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0007_package_auto_close_days'),
        ('tickets', '0011_event_kinds_of_ticket_life'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(models.Case(models.When(criticality=1, then=models.Value(0)), default=models.Value(1), output_field=models.IntegerField()), models.F('registered_at'), models.F('id'), name='ticket_work_order'),
        ),
    ]
