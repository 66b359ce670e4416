"""API tokens of the signed-in person: issue (plaintext shown once), list, revoke."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.fields import StrictCharField
from kabinet.api.outputs import ModelOutput
from kabinet.api.requests import person_of, validated
from kabinet.orgs.access import access_api_token
from kabinet.orgs.actions import issue_api_token, revoke_api_token
from kabinet.orgs.models import ApiToken


class TokenInput(serializers.Serializer[dict[str, Any]]):
    name = StrictCharField(max_length=100)


class TokenOutput(ModelOutput[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ("id", "name", "prefix", "created_at", "last_used_at", "revoked_at")


class TokenCollectionApi(APIView):
    @extend_schema(responses=TokenOutput(many=True), operation_id="tokens_list")
    def get(self, request: Request) -> Response:
        tokens = ApiToken.objects.filter(person=person_of(request)).order_by("-created_at")
        return Response(TokenOutput(tokens, many=True).data)

    @extend_schema(request=TokenInput, responses={201: TokenOutput}, operation_id="tokens_issue")
    def post(self, request: Request) -> Response:
        data = validated(TokenInput, request.data)
        token, plaintext = issue_api_token(person_of(request), data["name"])
        body = {**TokenOutput(token).data, "token": plaintext}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenItemApi(APIView):
    @extend_schema(responses={204: None}, operation_id="tokens_revoke")
    def delete(self, request: Request, token_id: int) -> Response:
        revoke_api_token(access_api_token(person_of(request), token_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
