# ruff: noqa: RUF012
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# A ticket whose resolving workaround waits for the customer has a status of its own: the
# customer may accept or reject it, and the supplier may still propose the solution. Open
# tickets that wait on a proposal whose last one was a workaround move to it (only a
# workaround that resolves ever led to "solution proposed").
_PROPOSALS = ["solution_proposed", "workaround_proposed"]


def mark_waiting_workarounds(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ticket_model = apps.get_model("tickets", "Ticket")
    event_model = apps.get_model("tickets", "TicketEvent")
    proposals = (
        event_model.objects.filter(kind__in=_PROPOSALS, ticket__status="solution_proposed")
        .order_by("ticket_id", "at", "id")
        .values_list("ticket_id", "kind")
    )
    last: dict[int, str] = {}
    for ticket_id, kind in proposals:
        last[ticket_id] = kind
    waiting = [pk for pk, kind in last.items() if kind == "workaround_proposed"]
    ticket_model.objects.filter(pk__in=waiting).update(status="workaround_proposed")


def unmark_waiting_workarounds(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ticket_model = apps.get_model("tickets", "Ticket")
    ticket_model.objects.filter(status="workaround_proposed").update(status="solution_proposed")


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0007_filenames_without_format_characters"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ticket",
            name="status",
            field=models.CharField(
                choices=[
                    ("registered", "registered"),
                    ("in_progress", "in progress"),
                    ("awaiting_customer", "awaiting customer"),
                    ("workaround_proposed", "workaround proposed"),
                    ("solution_proposed", "solution proposed"),
                    ("closed", "closed"),
                ],
                default="registered",
                max_length=24,
            ),
        ),
        migrations.RunPython(mark_waiting_workarounds, unmark_waiting_workarounds),
    ]
