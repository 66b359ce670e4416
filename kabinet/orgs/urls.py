from django.urls import path

from kabinet.orgs import api

urlpatterns = [
    path("tokens", api.TokenCollectionApi.as_view(), name="tokens"),
    path("tokens/<id:token_id>", api.TokenItemApi.as_view(), name="token"),
]
