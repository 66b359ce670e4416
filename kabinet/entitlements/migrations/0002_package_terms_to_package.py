# ruff: noqa: RUF012
"""The single-responsible-contact rule moves from PackageTerms onto contracts.Package."""

from django.db import migrations


def copy_to_package(apps, schema_editor):
    Package = apps.get_model("contracts", "Package")
    PackageTerms = apps.get_model("entitlements", "PackageTerms")
    for terms in PackageTerms.objects.all():
        Package.objects.filter(pk=terms.package_id).update(
            single_responsible_contact=terms.single_responsible_contact
        )


def copy_from_package(apps, schema_editor):
    Package = apps.get_model("contracts", "Package")
    PackageTerms = apps.get_model("entitlements", "PackageTerms")
    PackageTerms.objects.bulk_create(
        PackageTerms(package_id=pk, single_responsible_contact=True)
        for pk in Package.objects.filter(single_responsible_contact=True).values_list(
            "pk", flat=True
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0005_package_rules"),
        ("entitlements", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_package, copy_from_package),
        migrations.DeleteModel(name="PackageTerms"),
    ]
