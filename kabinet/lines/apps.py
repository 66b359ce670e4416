from django.apps import AppConfig


class LinesConfig(AppConfig):
    name = "kabinet.lines"
    label = "lines"
