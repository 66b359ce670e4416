# ruff: noqa: RUF012
"""The profile, until now the cabinets' ``CabinetProfile``: this app takes over the existing
table ``cabinets_cabinetprofile`` as it is (no rows copied, nothing recreated), and the
content type follows so permissions granted on the model keep pointing at it."""

import django.db.models.deletion
from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def move_content_type(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects
    if not content_types.filter(app_label="accounts", model="profile").exists():
        content_types.filter(app_label="cabinets", model="cabinetprofile").update(
            app_label="accounts", model="profile"
        )


def restore_content_type(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects
    if not content_types.filter(app_label="cabinets", model="cabinetprofile").exists():
        content_types.filter(app_label="accounts", model="profile").update(
            app_label="cabinets", model="cabinetprofile"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cabinets", "0002_saved_view"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Profile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("time_zone", models.CharField(default="Europe/Moscow", max_length=64)),
                        ("totp_secret", models.CharField(blank=True, max_length=64)),
                        ("totp_confirmed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "person",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="profile",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "cabinets_cabinetprofile"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
