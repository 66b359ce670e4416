from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "kabinet.entitlements"
    label = "entitlements"
    verbose_name = "Entitlements: package services, quotas, responsible contacts"
