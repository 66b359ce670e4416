"""Who reaches the SSO pages, with SSO off and on: off, every page answers 404 to everyone and
the sign-in page says nothing of SSO; on, only an anonymous visitor is sent to the provider,
and nobody gets past the callback without an attempt started in their own session.

The provider is configured with explicit endpoints here, so no request leaves Kabinet; the
full round trip is in test_sign_in_flow.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import LazySettings
from django.contrib.auth import get_user
from django.test import Client

from kabinet.conftest import World
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.sso.actions import link_identity
from kabinet.sso.models import SsoIdentity

ANON, CONTACT, ADMIN, OUTSIDER, ENGINEER, VENDOR = (
    "anon",
    "contact",
    "admin",
    "outsider",
    "engineer",
    "vendor_engineer",
)
PEOPLE = (ANON, CONTACT, ADMIN, OUTSIDER, ENGINEER, VENDOR)
SIGNED_IN = PEOPLE[1:]
ISSUER = "https://id.corp.test"
AUTHORIZE = "https://id.corp.test/authorize"
EXPIRED = "This sign-in attempt has expired or was not started here."


def login(client: Client, world: World, who: str) -> None:
    if who != ANON:
        client.force_login(getattr(world, who))


@pytest.fixture
def sso_configured(settings: LazySettings) -> None:
    settings.KABINET_SSO_ISSUER = ISSUER
    settings.KABINET_SSO_CLIENT_ID = "kabinet"
    settings.KABINET_SSO_CLIENT_SECRET = "secret"
    settings.KABINET_SSO_LABEL = "Corp ID"
    settings.KABINET_SSO_AUTHORIZATION_URL = AUTHORIZE
    settings.KABINET_SSO_TOKEN_URL = "https://id.corp.test/token"
    settings.KABINET_SSO_JWKS_URL = "https://id.corp.test/jwks"


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("url", ["/sso/login/", "/sso/callback/?code=c0de&state=s7a7e"])
def test_with_sso_off_every_sso_page_is_404(
    client: Client, world: World, who: str, url: str
) -> None:
    login(client, world, who)
    assert client.get(url).status_code == 404


def test_with_sso_off_the_sign_in_page_says_nothing_of_it(client: Client, db: None) -> None:
    page = client.get("/login/").content.decode()
    assert "/sso/" not in page
    assert "Sign in with" not in page


def test_with_sso_on_the_sign_in_page_offers_it_and_keeps_next(
    client: Client, db: None, sso_configured: None
) -> None:
    page = client.get("/login/?next=/client/").content.decode()
    assert "Sign in with Corp ID" in page
    assert 'href="/sso/login/?next=/client/"' in page


def test_with_sso_on_the_sign_in_page_reads_in_russian(db: None, sso_configured: None) -> None:
    page = Client(headers={"accept-language": "ru"}).get("/login/").content.decode()
    assert "Войти через Corp ID" in page


def test_an_anonymous_visitor_is_sent_to_the_provider_with_state_nonce_and_pkce(
    client: Client, db: None, sso_configured: None
) -> None:
    response = client.get("/sso/login/")

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == AUTHORIZE
    query = {key: values[0] for key, values in parse_qs(target.query).items()}
    assert query["client_id"] == "kabinet"
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == "http://testserver/sso/callback/"
    assert query["scope"] == "openid email profile"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) >= 43
    assert query["nonce"] and query["state"]
    assert f"_state_kabinet_{query['state']}" in client.session


@pytest.mark.parametrize("who", SIGNED_IN)
def test_a_signed_in_person_is_not_sent_to_the_provider(
    client: Client, world: World, sso_configured: None, who: str
) -> None:
    login(client, world, who)
    response = client.get("/sso/login/")
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("who", PEOPLE)
def test_nobody_passes_the_callback_without_an_attempt_of_their_own(
    client: Client, world: World, sso_configured: None, who: str
) -> None:
    login(client, world, who)
    before = get_user(client).pk

    response = client.get("/sso/callback/?code=c0de&state=s7a7e", follow=True)

    assert response.redirect_chain[0] == ("/login/", 302)
    assert EXPIRED in response.content.decode()
    assert get_user(client).pk == before
    assert SsoIdentity.objects.exists() is False


@pytest.mark.parametrize("url", ["/sso/login/", "/sso/callback/"])
def test_sso_pages_take_only_get(client: Client, db: None, sso_configured: None, url: str) -> None:
    assert client.post(url).status_code == 405


def test_linked_identities_in_the_admin_are_for_superusers_only(
    client: Client, world: World
) -> None:
    link_identity(
        issuer=ISSUER,
        claims={"sub": "42", "email": world.contact.email, "email_verified": True},
        create_people=False,
    )
    url = "/admin/sso/ssoidentity/"
    client.force_login(world.admin)  # an organisation admin is not a Django staff member
    assert client.get(url).status_code == 302
    client.force_login(PersonFactory.create(is_staff=True, is_superuser=True))
    listing = client.get(url)
    assert listing.status_code == 200
    assert "42" in listing.content.decode()
    assert client.get(url + "add/").status_code == 403


@pytest.mark.parametrize(
    ("given", "kept"), [("/account/", "/account/"), ("https://evil.test/", "/"), ("", "/")]
)
def test_only_a_next_page_on_this_site_is_kept_for_the_return(
    client: Client, db: None, sso_configured: None, given: str, kept: str
) -> None:
    client.get("/sso/login/", {"next": given})
    assert client.session["sso_next"] == kept


def test_openid_is_always_asked_for_so_an_id_token_always_comes_back(
    client: Client, db: None, sso_configured: None, settings: LazySettings
) -> None:
    settings.KABINET_SSO_SCOPES = "email profile"
    query = parse_qs(urlsplit(client.get("/sso/login/")["Location"]).query)
    assert query["scope"] == ["openid email profile"]
