from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "kabinet.contracts"
    label = "contracts"
    verbose_name = "Contracts"
