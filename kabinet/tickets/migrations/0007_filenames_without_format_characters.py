# ruff: noqa: RUF012
import unicodedata

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# File names stored before clean_filename removed the invisible format characters (category
# Cf: bidirectional controls such as U+202E, which made "invoice<U+202E>fdp.exe" read as
# "invoiceexe.pdf"): the attachments' names and the names in their "attachment added"
# events lose them too. A name of nothing but such characters becomes "_".


def _clean(name: str) -> str:
    return "".join(c for c in name if unicodedata.category(c) != "Cf").strip() or "_"


def _disguised(name: object) -> bool:
    return isinstance(name, str) and any(unicodedata.category(c) == "Cf" for c in name)


def clean_filenames(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    attachment_model = apps.get_model("tickets", "Attachment")
    event_model = apps.get_model("tickets", "TicketEvent")
    names = attachment_model.objects.values_list("pk", "filename").iterator(chunk_size=2000)
    for pk, filename in [(pk, name) for pk, name in names if _disguised(name)]:
        attachment_model.objects.filter(pk=pk).update(filename=_clean(filename))
    events = event_model.objects.filter(kind="attachment_added").only("pk", "payload")
    disguised = [e for e in events.iterator(2000) if _disguised(e.payload.get("filename"))]
    for event in disguised:
        event.payload["filename"] = _clean(event.payload["filename"])
        event.save(update_fields=["payload"])


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0006_ticket_clock_phase"),
    ]

    operations = [
        migrations.RunPython(clean_filenames, migrations.RunPython.noop),
    ]
