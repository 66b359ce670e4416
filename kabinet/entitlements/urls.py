from django.urls import path

from kabinet.entitlements import api

C = "contracts/<id:contract_id>"

urlpatterns = [
    path(f"{C}/quotas", api.ContractQuotasApi.as_view(), name="contract-quotas"),
    path(
        f"{C}/service-requests",
        api.ServiceRequestCollectionApi.as_view(),
        name="contract-service-requests",
    ),
    path(
        f"{C}/responsible-contacts",
        api.ResponsibleContactCollectionApi.as_view(),
        name="contract-responsible-contacts",
    ),
    path(
        f"{C}/responsible-contacts/<id:person_id>",
        api.ResponsibleContactItemApi.as_view(),
        name="contract-responsible-contact",
    ),
    path(f"{C}/bookings", api.ContractBookingsApi.as_view(), name="contract-bookings"),
    path(
        "bookings/<id:booking_id>/proposal",
        api.BookingProposalApi.as_view(),
        name="booking-proposal",
    ),
    path(
        "bookings/<id:booking_id>/agreement",
        api.BookingAgreementApi.as_view(),
        name="booking-agreement",
    ),
    path(
        "bookings/<id:booking_id>/refusal", api.BookingRefusalApi.as_view(), name="booking-refusal"
    ),
]
