from django.urls import path

from kabinet.channels.email import api

urlpatterns = [
    path("mail/inbound", api.InboundMailApi.as_view(), name="mail_inbound"),
]
