from django.apps import AppConfig


class PresetsConfig(AppConfig):
    name = "kabinet.presets"
    label = "presets"
    verbose_name = "Presets and demo data"
