"""DRF's token authentication under the ``Bearer`` keyword, so that the bench's one HTTP
client sends the same header to both services."""

from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"
