"""URLs of the notification endpoints under /api/v1/."""

from django.urls import path

from kabinet.notifications import api

urlpatterns = [
    path("notifications", api.NoticeListApi.as_view(), name="notifications"),
    path("notifications/read", api.NoticesReadApi.as_view(), name="notifications-read"),
    path("tickets/<key:number>/watchers", api.WatcherListApi.as_view(), name="watchers"),
    path(
        "tickets/<key:number>/watchers/<id:person_id>",
        api.WatcherItemApi.as_view(),
        name="watcher",
    ),
]
