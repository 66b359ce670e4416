# ruff: noqa: RUF012
"""Whether a release wait stops the resolution clock moves from DevelopmentSetting onto
contracts.Package."""

from django.db import migrations


def copy_to_package(apps, schema_editor):
    Package = apps.get_model("contracts", "Package")
    DevelopmentSetting = apps.get_model("lines", "DevelopmentSetting")
    for setting in DevelopmentSetting.objects.all():
        Package.objects.filter(pk=setting.package_id).update(
            release_wait_pauses_resolution=setting.release_wait_pauses_resolution
        )


def copy_from_package(apps, schema_editor):
    Package = apps.get_model("contracts", "Package")
    DevelopmentSetting = apps.get_model("lines", "DevelopmentSetting")
    DevelopmentSetting.objects.bulk_create(
        DevelopmentSetting(package_id=pk, release_wait_pauses_resolution=True)
        for pk in Package.objects.filter(release_wait_pauses_resolution=True).values_list(
            "pk", flat=True
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0005_package_rules"),
        ("lines", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_package, copy_from_package),
        migrations.DeleteModel(name="DevelopmentSetting"),
    ]
