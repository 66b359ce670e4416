"""Root URL map: the REST API under /api/v1/, its schema and docs, and the admin; the 500
answer (JSON under /api/, the cabinet's page elsewhere)."""

from django.contrib import admin
from django.urls import include, path

from kabinet import converters

converters.register()  # before any app's patterns use <id:...> and <key:...>
handler404 = "kabinet.api.errors.not_found"

urlpatterns = [
    path("", include("kabinet.operations.urls")),
    path("api/", include("kabinet.api.urls")),
    path("admin/", admin.site.urls),
    path("dashboards/", include("kabinet.dashboards.urls")),
    path("", include("kabinet.cabinets.saved_view_urls")),
    path("sso/", include("kabinet.sso.urls")),
    path("telegram/", include("kabinet.channels.telegram.urls")),
    path("", include("kabinet.notifications.urls")),
    path("", include("kabinet.cabinets.urls")),
]

handler500 = "kabinet.middleware.server_error"
