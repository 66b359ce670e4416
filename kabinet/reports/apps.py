from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kabinet.reports"
    label = "reports"
    verbose_name = "Reports: SLA compliance per supplier and period"
