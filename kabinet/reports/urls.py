from django.urls import path

from kabinet.reports import api

urlpatterns = [
    path("reports/sla", api.SlaReportApi.as_view(), name="report-sla"),
    path("reports/sla.csv", api.SlaReportCsvApi.as_view(), name="report-sla-csv"),
    path("reports/sla.xlsx", api.SlaReportXlsxApi.as_view(), name="report-sla-xlsx"),
]
