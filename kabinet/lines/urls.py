from django.urls import path

from kabinet.lines import api

urlpatterns = [
    path("tickets/<key:number>/lines", api.TicketLinesApi.as_view(), name="ticket-lines"),
    path(
        "tickets/<key:number>/development",
        api.TicketDevelopmentApi.as_view(),
        name="ticket-development",
    ),
    path("releases", api.ReleaseApi.as_view(), name="releases"),
    path("queue", api.WorkQueueApi.as_view(), name="work-queue"),
]
