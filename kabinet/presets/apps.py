from django.apps import AppConfig


class PresetsConfig(AppConfig):
    name = "kabinet.presets"
    label = "presets"
    verbose_name = "Presets and demo data"

    def ready(self) -> None:
        from kabinet.contracts.package_templates import on_package_templates
        from kabinet.presets.package_templates import seed_package_templates

        on_package_templates(seed_package_templates)
