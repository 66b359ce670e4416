from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "kabinet.escalations"
    label = "escalations"
