"""Saved views of the work queue: save the current filters under a name, delete a view."""

from django.urls import path

from kabinet.cabinets.views import queue

app_name = "saved_views"

urlpatterns = [
    path("queue-views/<id:view_id>/delete/", queue.delete_view, name="delete"),
    path("queue-views/<key:cabinet>/", queue.save_view, name="save"),
]
