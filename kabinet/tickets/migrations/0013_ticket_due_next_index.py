# ruff: noqa: RUF012, E501, UP017, I001

import datetime
import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0007_package_auto_close_days'),
        ('tickets', '0012_ticket_work_order_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(django.db.models.functions.comparison.Least(django.db.models.functions.comparison.Coalesce(models.Case(models.When(models.Q(('reaction_due_at__isnull', False), ('status__in', ('registered', 'in_progress', 'awaiting_customer', 'workaround_proposed', 'solution_proposed')), ('reaction_met_at__isnull', True)), then=models.F('reaction_due_at')), default=models.Value(datetime.datetime(2999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc), output_field=models.DateTimeField())), models.Value(datetime.datetime(2999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc), output_field=models.DateTimeField())), django.db.models.functions.comparison.Coalesce(models.Case(models.When(models.Q(('status__in', ('registered', 'in_progress', 'awaiting_customer', 'workaround_proposed', 'solution_proposed')), ('update_due_at__isnull', False)), then=models.F('update_due_at')), default=models.Value(datetime.datetime(2999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc), output_field=models.DateTimeField())), models.Value(datetime.datetime(2999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc), output_field=models.DateTimeField())), django.db.models.functions.comparison.Coalesce(models.Case(models.When(models.Q(('resolution_due_at__isnull', False), ('status__in', ('registered', 'in_progress', 'awaiting_customer', 'workaround_proposed', 'solution_proposed')), ('resolution_met_at__isnull', True)), then=models.F('resolution_due_at')), default=models.Value(datetime.datetime(2999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc), output_field=models.DateTimeField())), models.Value(datetime.datetime(2999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc), output_field=models.DateTimeField())), output_field=models.DateTimeField()), models.F('id'), name='ticket_due_next'),
        ),
    ]
