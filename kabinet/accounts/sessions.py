"""Naming each session a person signs in with, for their list and "sign out everywhere".

Hooked to Django's ``user_logged_in`` (a third-party flow we do not own: every way in,
password, TOTP step, invitation, single sign-on and the test client, ends in Django's
``login``), so a page request pays nothing for it."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, transaction
from django.http import HttpRequest

from kabinet.accounts import actions
from kabinet.accounts.lockouts import client_address
from kabinet.orgs.models import Person

log = logging.getLogger(__name__)


def track_signed_in_session(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """Record the new session; a failure (a read-only database) never fails the sign-in,
    it runs in its own savepoint and is logged."""
    session = getattr(request, "session", None)
    if request is None or session is None or not isinstance(user, Person):
        return
    if session.session_key is None:
        session.save()
    try:
        with transaction.atomic():
            actions.track_session(
                user,
                str(session.session_key),
                address=client_address(request),
                user_agent=str(request.META.get("HTTP_USER_AGENT", "")),
            )
    except DatabaseError:
        log.warning("session of person %s not tracked", user.pk, exc_info=True)
