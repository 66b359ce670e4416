"""State changes of a person's account: display time zone, the TOTP factor and its recovery
codes, invitations, password reset mails, tracked sessions."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from importlib import import_module
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from kabinet import clock
from kabinet.accounts import mail, totp
from kabinet.accounts.models import Invitation, Profile, RecoveryCode, SignedInSession
from kabinet.audit.actions import record_change
from kabinet.errors import DomainError, NotFoundError
from kabinet.orgs.actions import grant_role
from kabinet.orgs.emails import normalise_email
from kabinet.orgs.models import ROLES_BY_KIND, Organisation, Person, Role


def _profile(person: Person) -> Profile:
    profile, _created = Profile.objects.select_for_update().get_or_create(person=person)
    return profile


def set_time_zone(person: Person, zone: str) -> Profile:
    if zone not in available_timezones():
        raise DomainError(_("Unknown time zone."), field="time_zone")
    with transaction.atomic():
        profile = _profile(person)
        profile.time_zone = zone
        profile.save(update_fields=["time_zone"])
        return profile


def begin_totp_setup(person: Person) -> Profile:
    """A fresh secret waiting for confirmation; an enabled factor is left untouched."""
    with transaction.atomic():
        profile = _profile(person)
        if not profile.totp_enabled:
            profile.totp_secret = totp.new_secret()
            profile.totp_last_step = None
            profile.save(update_fields=["totp_secret", "totp_last_step"])
        return profile


def _spend_code(profile: Profile, code: str, now: dt.datetime | None) -> None:
    """Accept ``code`` once: it must match a time step after the last accepted one, which it
    then becomes. The caller holds the profile's row lock, so two requests with one code
    cannot both pass. Raises DomainError on the code field."""
    step = totp.matching_step(profile.totp_secret, code, clock.resolve(now))
    if step is None or (profile.totp_last_step is not None and step <= profile.totp_last_step):
        raise DomainError(_("The code is wrong or expired."), field="code")
    profile.totp_last_step = step
    profile.save(update_fields=["totp_last_step"])


def confirm_totp(person: Person, code: str, *, now: dt.datetime | None = None) -> Profile:
    """Enable the factor once the person proves their authenticator shows the right code."""
    with transaction.atomic():
        profile = _profile(person)
        _spend_code(profile, code, now)
        profile.totp_confirmed_at = clock.resolve(now)
        profile.save(update_fields=["totp_confirmed_at"])
        return profile


def accept_sign_in_code(person: Person, code: str, *, now: dt.datetime | None = None) -> None:
    """The second factor of a sign-in: a current code of the person's enabled factor that
    was not used before. Raises DomainError; counting failures is the caller's (lockouts)."""
    with transaction.atomic():
        profile = _profile(person)
        if not profile.totp_enabled:
            raise DomainError(_("The code is wrong or expired."), field="code")
        if looks_like_recovery_code(code):
            if not _spend_recovery_code(person, code, clock.resolve(now)):
                raise DomainError(_("The recovery code is wrong or already used."), field="code")
            return
        _spend_code(profile, code, now)


def disable_totp(person: Person, password: str) -> Profile:
    """Turn the factor off; needs the password so a borrowed session cannot do it. The
    recovery codes go with it."""
    if not person.check_password(password):
        raise DomainError(_("The password is wrong."), field="password")
    with transaction.atomic():
        profile = _profile(person)
        RecoveryCode.objects.filter(person=person).delete()
        profile.totp_secret = ""
        profile.totp_confirmed_at = None
        profile.save(update_fields=["totp_secret", "totp_confirmed_at"])
        return profile


# --- invitations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationSent:
    """What ``invite_person`` did: the person (new or found), the link (None when the person
    already had an account and only gained the role) and whether the mail went out."""

    person: Person
    link: str | None
    mailed: bool


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _username_for(address: str) -> str:
    base = address[:140]
    name, n = base, 1
    while Person.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def invite_person(
    *,
    organisation: Organisation,
    email: str,
    role: Role | str,
    full_name: str = "",
    language: str = "ru",
    actor: Person | None = None,
    address: str | None = None,
    now: dt.datetime | None = None,
) -> InvitationSent:
    """Invite someone by email to ``organisation`` with ``role``: a new person gets an
    account without a password and a one-time link, valid ``KABINET_INVITATION_DAYS``, by
    which they set one. Someone who already has an account just gains the role. Inviting a
    person whose invitation is still open sends a new link and the old one stops working.

    The role and the invitation are recorded in the audit trail with the change; the mail
    goes after the transaction, and ``mailed`` says whether the server took it."""
    at = clock.resolve(now)
    normal = normalise_email(email)
    if not normal:
        raise DomainError(_("Enter a valid email address."), field="email")
    allowed = ROLES_BY_KIND.get(organisation.kind, ())
    if role not in allowed:
        raise DomainError(_("This role cannot be given in this organisation."), field="role")
    with transaction.atomic():
        found = list(Person.objects.filter(normalised_email=normal)[:2])
        if len(found) > 1:
            raise DomainError(
                _("Several accounts share this address; ask the vendor's administrator."),
                field="email",
            )
        person = found[0] if found else None
        if person is None:
            person = Person(
                username=_username_for(normal),
                email=email.strip(),
                full_name=full_name.strip(),
                language=language if language in {"ru", "en"} else "ru",
            )
            person.set_unusable_password()
            person.save()
        elif not person.is_active:
            raise DomainError(
                _("This person's account is deactivated; ask the vendor's administrator."),
                field="email",
            )
        grant_role(
            organisation=organisation, person=person, role=Role(role), actor=actor, address=address
        )
        if person.has_usable_password():
            return InvitationSent(person=person, link=None, mailed=False)
        Invitation.objects.filter(person=person, used_at=None, withdrawn_at=None).update(
            withdrawn_at=at
        )
        token = secrets.token_urlsafe(32)
        days = settings.KABINET_INVITATION_DAYS
        invitation = Invitation.objects.create(
            person=person,
            organisation=organisation,
            role=str(role),
            invited_by=actor,
            token_hash=_token_hash(token),
            created_at=at,
            expires_at=at + dt.timedelta(days=days),
        )
        record_change(
            action="person.invited",
            target=person,
            organisation=organisation,
            actor=actor,
            address=address,
            after={"email": person.email, "role": str(role), "expires_at": invitation.expires_at},
        )
    link = mail.absolute(reverse("cabinets:accept_invitation", args=[token]))
    mailed = mail.send(
        person,
        "invitation",
        {
            "link": link,
            "organisation": organisation,
            "inviter": actor or organisation,
            "expires_at": invitation.expires_at,
        },
    )
    return InvitationSent(person=person, link=link, mailed=mailed)


def open_invitation(token: str, *, now: dt.datetime | None = None) -> Invitation:
    """The invitation of this link while it can still be used; NotFoundError otherwise
    (unknown, used, replaced or expired: the person asks their admin for a new one)."""
    invitation = (
        Invitation.objects.select_related("person", "organisation")
        .filter(
            token_hash=_token_hash(token),
            used_at=None,
            withdrawn_at=None,
            person__is_active=True,  # deactivated since: the link died with the account
        )
        .first()
    )
    if invitation is None or invitation.expires_at <= clock.resolve(now):
        raise NotFoundError(
            _("This invitation link has expired or was already used; ask for a new one.")
        )
    return invitation


def accept_invitation(token: str, password: str, *, now: dt.datetime | None = None) -> Person:
    """Set the invited person's password (checked by the caller's SetPasswordForm against
    the validators) and spend the link."""
    at = clock.resolve(now)
    with transaction.atomic():
        invitation = open_invitation(token, now=at)
        updated = Invitation.objects.filter(pk=invitation.pk, used_at=None).update(used_at=at)
        if not updated:  # a second tab spent it a moment ago
            raise NotFoundError(
                _("This invitation link has expired or was already used; ask for a new one.")
            )
        person = invitation.person
        person.set_password(password)
        person.save(update_fields=["password"])
        record_change(
            action="person.joined",
            target=person,
            organisation=invitation.organisation,
            actor=person,
            after={"invitation": invitation.pk},
        )
        return person


# --- password reset ------------------------------------------------------------------------


def send_password_reset(email: str) -> int:
    """Mail a one-time link for a new password to each active person with this address and
    a password (Django's token: it stops working once the password changes, or after
    ``PASSWORD_RESET_TIMEOUT``). Returns how many were sent; the page never says, so that it
    does not tell who has an account."""
    normal = normalise_email(email)
    if not normal:
        return 0
    sent = 0
    for person in Person.objects.filter(normalised_email=normal, is_active=True):
        if not person.has_usable_password():
            continue
        uid = urlsafe_base64_encode(force_bytes(person.pk))
        token = default_token_generator.make_token(person)
        link = mail.absolute(reverse("cabinets:password_reset_confirm", args=[uid, token]))
        sent += mail.send(person, "password_reset", {"link": link})
    return sent


# --- recovery codes ------------------------------------------------------------------------

RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _recovery_hash(code: str) -> str:
    normal = "".join(ch for ch in code.lower() if ch.isalnum())
    return salted_hmac("kabinet.accounts.recovery", normal, algorithm="sha256").hexdigest()


def regenerate_recovery_codes(person: Person, *, now: dt.datetime | None = None) -> list[str]:
    """Ten new one-time codes, shown once; the old set stops working."""
    at = clock.resolve(now)
    codes = [
        "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _i in range(5)) for _j in range(2))
        for _k in range(RECOVERY_CODES)
    ]
    with transaction.atomic():
        RecoveryCode.objects.filter(person=person).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(person=person, code_hash=_recovery_hash(c), created_at=at) for c in codes
        )
    return codes


def _spend_recovery_code(person: Person, code: str, at: dt.datetime) -> bool:
    spent = RecoveryCode.objects.filter(
        person=person, code_hash=_recovery_hash(code), used_at=None
    ).update(used_at=at)
    return bool(spent)


def looks_like_recovery_code(code: str) -> bool:
    return any(ch.isalpha() for ch in code)


# --- sessions ------------------------------------------------------------------------------


def track_session(
    person: Person,
    session_key: str,
    *,
    address: str,
    user_agent: str,
    now: dt.datetime | None = None,
) -> SignedInSession:
    """Remember that ``person`` signed in with this session, from where and with what, for
    their list and "sign out everywhere"."""
    at = clock.resolve(now)
    values = {
        "person": person,
        "address": address or None,
        "user_agent": user_agent[:300],
        "last_seen_at": at,
    }
    row, _created = SignedInSession.objects.update_or_create(
        session_key=session_key, defaults=values, create_defaults={**values, "started_at": at}
    )
    return row


def sign_out_everywhere(person: Person) -> int:
    """End every session of ``person``, this one too: each is deleted from the session
    store, so its next request is anonymous. Returns how many were ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(SignedInSession.objects.filter(person=person).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    SignedInSession.objects.filter(person=person).delete()
    return len(keys)
