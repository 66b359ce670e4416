"""Cabinet URLs: one URL per page and per act; sign-in and the profile page are
``kabinet.accounts``' URLs, named in this namespace."""

from django.urls import include, path

from kabinet.cabinets.views import (
    acts,
    calls,
    chain,
    client,
    lines,
    queue,
    ticket,
    upload_places,
)

app_name = "cabinets"

T = "tickets/<key:number>/"
urlpatterns = [
    path("", queue.home, name="home"),
    path("", include("kabinet.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("client/", client.tickets, name="client"),
    path("client/new/", client.new_ticket, name="new_ticket"),
    path("client/contracts/<id:contract_id>/", client.contract, name="contract"),
    path("client/people/", client.people, name="people"),
    path("client/people/grant/", client.grant, name="grant_role"),
    path("client/people/revoke/", client.revoke, name="revoke_role"),
    path("partner/", queue.partner, name="partner"),
    path("vendor/", queue.vendor, name="vendor"),
    path(T, ticket.ticket, name="ticket"),
    path(T + "files/<id:attachment_id>/", ticket.download, name="download"),
    path(T + "files/", acts.attach, name="attach"),
    path(T + "upload-place/open/", upload_places.open_place, name="open_upload_place"),
    path(T + "upload-place/close/", upload_places.close_place, name="close_upload_place"),
    path(T + "upload-place/files/", upload_places.put_file, name="upload_place_file"),
    path(T + "reply/", acts.customer_reply, name="customer_reply"),
    path(T + "public-reply/", acts.public_reply, name="public_reply"),
    path(T + "internal-comment/", acts.internal_comment, name="internal_comment"),
    path(T + "return/", acts.return_for_information, name="return_for_information"),
    path(T + "criticality/", acts.change_criticality, name="change_criticality"),
    path(T + "assign/", acts.assign, name="assign"),
    path(T + "agreed-deadline/", acts.agree_deadline, name="agree_deadline"),
    path(T + "propose-solution/", acts.propose_solution, name="propose_solution"),
    path(T + "propose-workaround/", acts.propose_workaround, name="propose_workaround"),
    path(T + "accept/", acts.accept_solution, name="accept_solution"),
    path(T + "reject/", acts.reject_solution, name="reject_solution"),
    path(T + "rate/", acts.rate, name="rate"),
    path(T + "reopen/", acts.reopen, name="reopen"),
    path(T + "escalate/", chain.escalate, name="escalate"),
    path(T + "relay/", chain.relay, name="relay"),
    path(T + "vendor-return/", chain.vendor_return, name="vendor_return"),
    path(T + "vendor-criticality/", chain.vendor_criticality, name="vendor_criticality"),
    path(T + "resubmit/", chain.resubmit, name="resubmit"),
    path(T + "line/", lines.move, name="move_line"),
    path(T + "phone-call/", calls.log_phone_call, name="log_phone_call"),
    path(T + "development/", lines.hand_over, name="hand_to_development"),
    path(T + "release/", lines.release, name="release_version"),
]
