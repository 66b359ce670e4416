from django.urls import path

from kabinet.escalations import api

urlpatterns = [
    path("tickets/<key:number>/escalation", api.EscalationCreateApi.as_view(), name="escalate"),
    path("tickets/<key:number>/relay", api.EscalationRelayApi.as_view(), name="escalation-relay"),
    path("escalations/<key:number>", api.EscalationItemApi.as_view(), name="escalation"),
    path(
        "escalations/<key:number>/return",
        api.EscalationReturnApi.as_view(),
        name="escalation-return",
    ),
    path(
        "escalations/<key:number>/criticality",
        api.EscalationCriticalityApi.as_view(),
        name="escalation-criticality",
    ),
    path(
        "escalations/<key:number>/resubmission",
        api.EscalationResubmitApi.as_view(),
        name="escalation-resubmission",
    ),
    path(
        "escalations/<key:number>/plan/agreement",
        api.EscalationPlanAgreementApi.as_view(),
        name="escalation-plan-agreement",
    ),
    path(
        "escalations/<key:number>/plan/refusal",
        api.EscalationPlanRefusalApi.as_view(),
        name="escalation-plan-refusal",
    ),
    path(
        "escalations/<key:number>/plan/lowering",
        api.EscalationPlanLoweringApi.as_view(),
        name="escalation-plan-lowering",
    ),
    path(
        "escalations/<key:number>/lowering/proposal",
        api.EscalationLoweringProposalApi.as_view(),
        name="escalation-lowering-proposal",
    ),
    path(
        "escalations/<key:number>/lowering/agreement",
        api.EscalationLoweringAgreementApi.as_view(),
        name="escalation-lowering-agreement",
    ),
    path(
        "escalations/<key:number>/lowering/refusal",
        api.EscalationLoweringRefusalApi.as_view(),
        name="escalation-lowering-refusal",
    ),
]
