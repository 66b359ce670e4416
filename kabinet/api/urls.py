"""URL map of the REST API: /api/v1/ endpoints of every app, the schema and the docs page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("v1/", include("kabinet.tickets.urls")),
    path("v1/", include("kabinet.orgs.urls")),
    path("v1/", include("kabinet.escalations.urls")),
    path("v1/", include("kabinet.lines.urls")),
    path("v1/", include("kabinet.entitlements.urls")),
    path("v1/", include("kabinet.reports.urls")),
    path("v1/", include("kabinet.notifications.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]
