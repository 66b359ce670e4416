from django.apps import AppConfig


class CabinetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kabinet.cabinets"
    label = "cabinets"
