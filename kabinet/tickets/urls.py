from django.urls import path

from kabinet.tickets.api import acts, calls, files, views

T = "tickets/<key:number>"

urlpatterns = [
    path("tickets", views.TicketCollectionApi.as_view(), name="tickets"),
    path(T, views.TicketItemApi.as_view(), name="ticket"),
    path(f"{T}/events", views.TicketEventsApi.as_view(), name="ticket-events"),
    path(f"{T}/sla", views.TicketSlaApi.as_view(), name="ticket-sla"),
    path(f"{T}/attachments", files.TicketAttachmentsApi.as_view(), name="ticket-attachments"),
    path(
        f"{T}/attachments/<id:attachment_id>",
        files.TicketAttachmentDownloadApi.as_view(),
        name="ticket-attachment",
    ),
    path(f"{T}/upload-place", files.TicketUploadPlaceApi.as_view(), name="ticket-upload-place"),
    path(
        f"{T}/upload-place/files/<key:filename>",
        files.TicketUploadPlaceFileApi.as_view(),
        name="ticket-upload-place-file",
    ),
    path(f"{T}/replies", acts.TicketReplyApi.as_view(), name="ticket-replies"),
    path(f"{T}/comments", acts.TicketCommentApi.as_view(), name="ticket-comments"),
    path(f"{T}/phone-calls", calls.TicketPhoneCallApi.as_view(), name="ticket-phone-calls"),
    path(
        f"{T}/customer-replies",
        acts.TicketCustomerReplyApi.as_view(),
        name="ticket-customer-replies",
    ),
    path(f"{T}/criticality", acts.TicketCriticalityApi.as_view(), name="ticket-criticality"),
    path(
        f"{T}/agreed-deadline",
        acts.TicketAgreedDeadlineApi.as_view(),
        name="ticket-agreed-deadline",
    ),
    path(f"{T}/return", acts.TicketReturnApi.as_view(), name="ticket-return"),
    path(f"{T}/solution", acts.TicketSolutionApi.as_view(), name="ticket-solution"),
    path(f"{T}/workaround", acts.TicketWorkaroundApi.as_view(), name="ticket-workaround"),
    path(f"{T}/acceptance", acts.TicketAcceptanceApi.as_view(), name="ticket-acceptance"),
    path(f"{T}/rejection", acts.TicketRejectionApi.as_view(), name="ticket-rejection"),
    path(f"{T}/reopen", acts.TicketReopenApi.as_view(), name="ticket-reopen"),
    path(f"{T}/rating", acts.TicketRatingApi.as_view(), name="ticket-rating"),
    path(f"{T}/postponement", acts.TicketPostponementApi.as_view(), name="ticket-postponement"),
    path(
        f"{T}/postponement/agreement",
        acts.TicketPostponementAgreementApi.as_view(),
        name="ticket-postponement-agreement",
    ),
    path(
        f"{T}/postponement/refusal",
        acts.TicketPostponementRefusalApi.as_view(),
        name="ticket-postponement-refusal",
    ),
    path(f"{T}/merge", acts.TicketMergeApi.as_view(), name="ticket-merge"),
    path(f"{T}/links", acts.TicketLinkApi.as_view(), name="ticket-links"),
    path(f"{T}/withdrawal", acts.TicketWithdrawalApi.as_view(), name="ticket-withdrawal"),
    path(
        f"{T}/closing-as-withdrawn",
        acts.TicketClosingAsWithdrawnApi.as_view(),
        name="ticket-closing-as-withdrawn",
    ),
    path(f"{T}/credentials", acts.TicketCredentialsApi.as_view(), name="ticket-credentials"),
    path(
        f"{T}/credentials/reveal",
        acts.TicketCredentialsRevealApi.as_view(),
        name="ticket-credentials-reveal",
    ),
    path(
        f"{T}/credentials/removal",
        acts.TicketCredentialsRemovalApi.as_view(),
        name="ticket-credentials-removal",
    ),
    path(f"{T}/expedite", acts.TicketExpediteApi.as_view(), name="ticket-expedite"),
    path(f"{T}/refusal", acts.TicketRefusalApi.as_view(), name="ticket-refusal"),
    path(f"{T}/assignee", acts.TicketAssigneeApi.as_view(), name="ticket-assignee"),
    path(
        f"{T}/classification",
        acts.TicketClassificationApi.as_view(),
        name="ticket-classification",
    ),
]
