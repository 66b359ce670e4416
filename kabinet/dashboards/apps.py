from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "kabinet.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards: charts of SLA compliance, breaches and open load"
