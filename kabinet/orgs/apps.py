from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "kabinet.orgs"
    label = "orgs"
    verbose_name = "Organisations"
