"""The notification pages: the list, preferences, and a ticket's watchers."""

from django.urls import path

from kabinet.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notice_list, name="list"),
    path("notifications/read/", views.read_all, name="read_all"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("tickets/<key:number>/watchers/", views.watchers, name="watchers"),
    path("tickets/<key:number>/watchers/add/", views.add_watcher, name="add_watcher"),
    path("tickets/<key:number>/watchers/remove/", views.remove_watcher, name="remove_watcher"),
]
