"""The whole authorization-code flow over HTTP: Kabinet's live server, the real test provider
(django-oauth-toolkit in its own process) and a real HTTP client between them."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pyotp
import pytest
import requests
from django.conf import LazySettings
from pytest_django.live_server_helper import LiveServer

from kabinet.accounts.actions import begin_totp_setup, confirm_totp
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Person, Role
from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory
from kabinet.sso.models import SsoIdentity
from kabinet.sso.tests.conftest import (
    ANNA,
    BORIS,
    CONSENT_CLIENT,
    PUBLIC_CLIENT,
    UNVERIFIED,
    Account,
    OpenIdProvider,
)
from kabinet.sso.tests.visitor import Visitor

pytestmark = pytest.mark.django_db(transaction=True)

REFUSED = "No Kabinet account matches this identity."


def anna() -> Person:
    person = PersonFactory.create(
        username="a.petrova", email="Anna@Corp.test", full_name="Анна Петрова"
    )
    grant_role(
        organisation=OrganisationFactory.create(), person=person, role=Role.AUTHORISED_CONTACT
    )
    return person


def sign_in(visitor: Visitor, live_server: LiveServer, account: Account) -> requests.Response:
    """From Kabinet's sign-in page through the provider's password form and back."""
    login_page = visitor.get(f"{live_server.url}/login/")
    assert "Sign in with Corp ID" in login_page.text
    at_provider = visitor.get(f"{live_server.url}/sso/login/")
    assert at_provider.url.startswith("http://127.0.0.1:")
    return visitor.submit(at_provider, {"username": account.username, "password": account.password})


def callback_url(visitor: Visitor, at_provider: requests.Response, live_server: LiveServer) -> str:
    """Sign in at the provider but stop at the redirect back to Kabinet: its callback URL."""
    step = visitor.submit(
        at_provider, {"username": ANNA.username, "password": ANNA.password}, follow=False
    )
    while not step.headers["Location"].startswith(f"{live_server.url}/sso/callback/"):
        step = visitor.get(urljoin(step.url, step.headers["Location"]), follow=False)
    return step.headers["Location"]


def test_a_known_email_signs_in_and_lands_in_the_cabinet(
    live_server: LiveServer, sso_on: OpenIdProvider
) -> None:
    person = anna()
    visitor = Visitor()

    home = sign_in(visitor, live_server, ANNA)

    assert home.status_code == 200
    assert home.url == f"{live_server.url}/client/"
    assert "Анна Петрова" in home.text
    identity = SsoIdentity.objects.get(person=person)
    assert (identity.issuer, identity.email) == (sso_on.issuer, "anna@corp.test")


def test_a_linked_identity_signs_in_even_after_the_email_changed_in_kabinet(
    live_server: LiveServer, sso_on: OpenIdProvider
) -> None:
    person = anna()
    sign_in(Visitor(), live_server, ANNA)
    Person.objects.filter(pk=person.pk).update(email="anna.petrova@elsewhere.test")

    home = sign_in(Visitor(), live_server, ANNA)

    assert home.url == f"{live_server.url}/client/"
    assert SsoIdentity.objects.filter(person=person).count() == 1


def test_the_next_page_survives_the_round_trip(
    live_server: LiveServer, sso_on: OpenIdProvider
) -> None:
    anna()
    visitor = Visitor()
    at_provider = visitor.get(f"{live_server.url}/sso/login/?next=/account/")

    page = visitor.submit(at_provider, {"username": ANNA.username, "password": ANNA.password})

    assert page.url == f"{live_server.url}/account/"


@pytest.mark.parametrize("account", [BORIS, UNVERIFIED], ids=["unknown-email", "unverified-email"])
def test_an_identity_without_a_person_is_refused_on_the_sign_in_page(
    live_server: LiveServer, sso_on: OpenIdProvider, account: Account
) -> None:
    anna()
    visitor = Visitor()

    page = sign_in(visitor, live_server, account)

    assert page.url == f"{live_server.url}/login/"
    assert REFUSED in page.text
    assert SsoIdentity.objects.exists() is False
    assert visitor.get(f"{live_server.url}/client/").url.startswith(f"{live_server.url}/login/")


def test_the_refusal_reads_in_russian(live_server: LiveServer, sso_on: OpenIdProvider) -> None:
    visitor = Visitor(language="ru")
    assert "Войти через Corp ID" in visitor.get(f"{live_server.url}/login/").text
    at_provider = visitor.get(f"{live_server.url}/sso/login/")

    page = visitor.submit(at_provider, {"username": BORIS.username, "password": BORIS.password})

    assert "В Кабинете нет пользователя с этой учётной записью." in page.text


def test_a_tampered_state_is_refused_and_signs_nobody_in(
    live_server: LiveServer, sso_on: OpenIdProvider
) -> None:
    anna()
    visitor = Visitor()
    at_provider = visitor.get(f"{live_server.url}/sso/login/")
    back = callback_url(visitor, at_provider, live_server)
    callback = urlsplit(back)
    query = {k: v[0] for k, v in parse_qs(callback.query).items()}
    query["state"] = query["state"][::-1]

    page = visitor.get(urlunsplit(callback._replace(query=urlencode(query))))

    assert page.url == f"{live_server.url}/login/"
    assert "This sign-in attempt has expired or was not started here." in page.text
    assert SsoIdentity.objects.exists() is False
    assert visitor.get(f"{live_server.url}/client/").url.startswith(f"{live_server.url}/login/")


def test_the_same_callback_cannot_be_replayed(
    live_server: LiveServer, sso_on: OpenIdProvider
) -> None:
    anna()
    visitor = Visitor()
    at_provider = visitor.get(f"{live_server.url}/sso/login/")
    back = callback_url(visitor, at_provider, live_server)
    assert visitor.get(back).url == f"{live_server.url}/client/"
    stranger = Visitor()

    page = stranger.get(back)

    assert "This sign-in attempt has expired or was not started here." in page.text


def test_denied_consent_reads_as_cancelled(
    live_server: LiveServer, sso_on: OpenIdProvider, settings: LazySettings
) -> None:
    settings.KABINET_SSO_CLIENT_ID, settings.KABINET_SSO_CLIENT_SECRET = CONSENT_CLIENT
    anna()
    visitor = Visitor()
    at_provider = visitor.get(f"{live_server.url}/sso/login/")
    consent = visitor.submit(at_provider, {"username": ANNA.username, "password": ANNA.password})
    assert "Authorize" in consent.text

    page = visitor.submit(consent, {})  # the form without "allow": the person said no

    assert page.url == f"{live_server.url}/login/"
    assert "Sign-in with Corp ID was cancelled." in page.text


def test_consent_given_signs_in(
    live_server: LiveServer, sso_on: OpenIdProvider, settings: LazySettings
) -> None:
    settings.KABINET_SSO_CLIENT_ID, settings.KABINET_SSO_CLIENT_SECRET = CONSENT_CLIENT
    anna()
    visitor = Visitor()
    at_provider = visitor.get(f"{live_server.url}/sso/login/")
    consent = visitor.submit(at_provider, {"username": ANNA.username, "password": ANNA.password})

    page = visitor.submit(consent, {"allow": "Authorize"})

    assert page.url == f"{live_server.url}/client/"


def test_a_public_client_without_a_secret_signs_in_with_pkce_alone(
    live_server: LiveServer, sso_on: OpenIdProvider, settings: LazySettings
) -> None:
    settings.KABINET_SSO_CLIENT_ID, settings.KABINET_SSO_CLIENT_SECRET = PUBLIC_CLIENT
    anna()

    page = sign_in(Visitor(), live_server, ANNA)

    assert page.url == f"{live_server.url}/client/"


def test_a_wrong_client_secret_is_a_readable_failure(
    live_server: LiveServer, sso_on: OpenIdProvider, settings: LazySettings
) -> None:
    settings.KABINET_SSO_CLIENT_SECRET = "not-the-secret"
    anna()

    page = sign_in(Visitor(), live_server, ANNA)

    assert page.status_code == 200
    assert page.url == f"{live_server.url}/login/"
    assert "Corp ID could not confirm who you are right now." in page.text


def test_a_person_with_totp_still_enters_the_code(
    live_server: LiveServer, sso_on: OpenIdProvider
) -> None:
    person = anna()
    secret = begin_totp_setup(person).totp_secret
    confirm_totp(person, pyotp.TOTP(secret).at(time.time() - 30))  # the current one stays unused
    visitor = Visitor()

    code_page = sign_in(visitor, live_server, ANNA)

    assert code_page.url == f"{live_server.url}/login/code/"
    assert visitor.get(f"{live_server.url}/client/").url.startswith(f"{live_server.url}/login/")
    home = visitor.submit(code_page, {"code": pyotp.TOTP(secret).now()})
    assert home.url == f"{live_server.url}/client/"


def test_a_provider_that_is_down_is_a_readable_failure(
    live_server: LiveServer, settings: LazySettings, unused_port: int
) -> None:
    settings.KABINET_SSO_ISSUER = f"http://127.0.0.1:{unused_port}/o"
    settings.KABINET_SSO_CLIENT_ID = "kabinet"
    settings.KABINET_SSO_LABEL = "Corp ID"
    visitor = Visitor()

    page = visitor.get(f"{live_server.url}/sso/login/")

    assert page.status_code == 200
    assert page.url == f"{live_server.url}/login/"
    assert "Corp ID could not confirm who you are right now." in page.text


def explicit_endpoints(settings: LazySettings, provider: OpenIdProvider, issuer: str) -> None:
    settings.KABINET_SSO_ISSUER = issuer
    settings.KABINET_SSO_AUTHORIZATION_URL = f"{provider.issuer}/authorize/"
    settings.KABINET_SSO_TOKEN_URL = f"{provider.issuer}/token/"
    settings.KABINET_SSO_JWKS_URL = f"{provider.issuer}/.well-known/jwks.json"
    settings.KABINET_SSO_DISCOVERY_URL = "http://127.0.0.1:9/never-asked"


def test_explicit_endpoints_work_without_discovery(
    live_server: LiveServer, sso_on: OpenIdProvider, settings: LazySettings
) -> None:
    explicit_endpoints(settings, sso_on, sso_on.issuer)
    anna()

    page = sign_in(Visitor(), live_server, ANNA)

    assert page.url == f"{live_server.url}/client/"


def test_an_id_token_from_another_issuer_is_refused(
    live_server: LiveServer, sso_on: OpenIdProvider, settings: LazySettings
) -> None:
    explicit_endpoints(settings, sso_on, "https://id.corp.test")
    anna()

    page = sign_in(Visitor(), live_server, ANNA)

    assert page.url == f"{live_server.url}/login/"
    assert "Corp ID could not confirm who you are right now." in page.text
    assert SsoIdentity.objects.exists() is False


def test_a_discovery_document_of_another_issuer_is_refused(
    live_server: LiveServer, sso_on: OpenIdProvider, settings: LazySettings
) -> None:
    settings.KABINET_SSO_ISSUER = "https://id.corp.test"
    settings.KABINET_SSO_DISCOVERY_URL = f"{sso_on.issuer}/.well-known/openid-configuration"

    page = Visitor().get(f"{live_server.url}/sso/login/")

    assert page.url == f"{live_server.url}/login/"
    assert "Corp ID could not confirm who you are right now." in page.text
