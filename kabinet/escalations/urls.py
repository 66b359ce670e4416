from django.urls import path

from kabinet.escalations import api

urlpatterns = [
    path("tickets/<str:number>/escalation", api.EscalationCreateApi.as_view(), name="escalate"),
    path("tickets/<str:number>/relay", api.EscalationRelayApi.as_view(), name="escalation-relay"),
    path("escalations/<str:number>", api.EscalationItemApi.as_view(), name="escalation"),
    path(
        "escalations/<str:number>/return",
        api.EscalationReturnApi.as_view(),
        name="escalation-return",
    ),
    path(
        "escalations/<str:number>/criticality",
        api.EscalationCriticalityApi.as_view(),
        name="escalation-criticality",
    ),
    path(
        "escalations/<str:number>/resubmission",
        api.EscalationResubmitApi.as_view(),
        name="escalation-resubmission",
    ),
]
