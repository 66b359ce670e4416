"""Dashboard pages, mounted under /dashboards/."""

from django.urls import path

from kabinet.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
