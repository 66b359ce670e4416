# ruff: noqa: E501, RUF012
"""Tickets takes over the outbox and SLA alerts from notifications with their rows: the models
enter tickets' state on the existing tables, the tables are renamed, and an outbox row may
now announce an SLA alert instead of an event (exactly one of the two)."""

import django.db.models.deletion
from django.db import migrations, models


def drop_alert_announcements(apps, schema_editor):
    # Backwards only: before this migration an outbox row always named an event, and SLA
    # alerts were told at once; their announcements have no place in the older table.
    apps.get_model('tickets', 'OutboxMessage').objects.filter(event__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0003_upload_places'),
        ('notifications', '0004_outbox_and_alerts_move_to_tickets'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SlaAlert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('target', models.CharField(max_length=16)),
                        ('kind', models.CharField(choices=[('warning', 'SLA warning'), ('breach', 'SLA breach')], max_length=16)),
                        ('deadline', models.DateTimeField()),
                        ('at', models.DateTimeField()),
                        ('recorded_at', models.DateTimeField()),
                        ('ticket', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tickets.ticket')),
                    ],
                    options={
                        'db_table': 'notifications_slaalert',
                        'constraints': [models.UniqueConstraint(fields=('ticket', 'target', 'kind', 'deadline'), name='sla_alert_once')],
                    },
                ),
                migrations.CreateModel(
                    name='OutboxMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                        ('event', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='outbox_message', to='tickets.ticketevent')),
                    ],
                    options={
                        'db_table': 'notifications_outboxmessage',
                        'indexes': [models.Index(fields=['sent_at', 'created_at'], name='outbox_pending')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='slaalert', table=None),
        migrations.AlterModelTable(name='outboxmessage', table=None),
        migrations.AlterField(
            model_name='outboxmessage',
            name='event',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='outbox_message', to='tickets.ticketevent'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='alert',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='outbox_message', to='tickets.slaalert'),
        ),
        migrations.AddConstraint(
            model_name='outboxmessage',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('alert__isnull', True), ('event__isnull', False)), models.Q(('alert__isnull', False), ('event__isnull', True)), _connector='OR'), name='outbox_event_or_alert'),
        ),
        migrations.RunPython(migrations.RunPython.noop, drop_alert_announcements),
    ]
