# ruff: noqa: RUF012
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# The clock's phase of each existing ticket, as the replay would set it: a status that waits
# for the customer or is closed says it; an open one waits for a release when its last
# release event is a handover that pauses the clock (AWAITING_RELEASE, see 0005).
_BY_STATUS = {
    "awaiting_customer": "awaiting_customer",
    "solution_proposed": "solution_pending",
    "closed": "closed",
}


def fill_clock_phase(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ticket_model = apps.get_model("tickets", "Ticket")
    event_model = apps.get_model("tickets", "TicketEvent")
    for status, phase in _BY_STATUS.items():
        ticket_model.objects.filter(status=status).update(clock_phase=phase)
    marks = (
        event_model.objects.filter(
            kind__in=["awaiting_release", "released"],
            ticket__status__in=["registered", "in_progress"],
        )
        .order_by("ticket_id", "at", "id")
        .values_list("ticket_id", "kind")
    )
    last: dict[int, str] = {}
    for ticket_id, kind in marks:
        last[ticket_id] = kind
    waiting = [pk for pk, mark in last.items() if mark == "awaiting_release"]
    ticket_model.objects.filter(pk__in=waiting).update(clock_phase="awaiting_release")


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0005_event_kinds_of_their_own"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="clock_phase",
            field=models.CharField(default="open", max_length=24),
        ),
        migrations.RunPython(fill_clock_phase, migrations.RunPython.noop),
    ]
