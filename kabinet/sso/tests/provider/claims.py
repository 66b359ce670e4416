"""The provider's claims about a user, as the test that started it set them."""

from __future__ import annotations

from typing import Any, ClassVar

from oauth2_provider.oauth2_validators import OAuth2Validator

from kabinet.sso.tests.provider.settings import PROVIDER_CLAIMS


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope: ClassVar[dict[str, str]] = {
        **OAuth2Validator.oidc_claim_scope,
        "email": "email",
        "email_verified": "email",
        "name": "profile",
        "preferred_username": "profile",
    }

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        return dict(PROVIDER_CLAIMS.get(request.user.username, {}))
