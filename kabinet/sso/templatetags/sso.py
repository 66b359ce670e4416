"""``{% sso_button %}``: the "Sign in with …" link on the sign-in page, nothing when SSO is off."""

from __future__ import annotations

from typing import Any

from django import template

from kabinet.sso.config import current

register = template.Library()


@register.inclusion_tag("sso/button.html", takes_context=True)
def sso_button(context: template.Context) -> dict[str, Any]:
    return {"provider": current(), "next": context.get("next", "")}
