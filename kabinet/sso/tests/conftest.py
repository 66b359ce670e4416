"""The SSO tests' real OpenID provider, started once per test session on a free local port.

It knows people by username and asserts the claims set here; its clients redirect to the
live Kabinet server's callback.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import LazySettings
from django.test import Client
from pytest_django.live_server_helper import LiveServer

STARTUP_SECONDS = 60


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    email: str
    email_verified: bool = True

    def setup(self) -> dict[str, object]:
        claims = {"email": self.email, "email_verified": self.email_verified, "name": self.username}
        return {"username": self.username, "password": self.password, "claims": claims}


ANNA = Account("anna", "anna-pass-123", "anna@corp.test")
BORIS = Account("boris", "boris-pass-123", "boris@corp.test")
UNVERIFIED = Account("ulla", "ulla-pass-123", "anna@corp.test", email_verified=False)
ACCOUNTS = (ANNA, BORIS, UNVERIFIED)
CLIENT = ("kabinet", "kabinet-client-secret")
CONSENT_CLIENT = ("kabinet-asks-consent", "kabinet-consent-secret")
PUBLIC_CLIENT = ("kabinet-public", "")


@dataclass(frozen=True)
class OpenIdProvider:
    base_url: str

    @property
    def issuer(self) -> str:
        return self.base_url + "/o"


def _private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="session")
def openid_provider(
    live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OpenIdProvider]:
    home = tmp_path_factory.mktemp("openid-provider")
    callback = f"{live_server.url}/sso/callback/"
    setup = {
        "users": [account.setup() for account in ACCOUNTS],
        "clients": [
            {
                "client_id": cid,
                "client_secret": secret,
                "redirect_uri": callback,
                "skip_authorization": skip,
            }
            for (cid, secret), skip in (
                (CLIENT, True),
                (CONSENT_CLIENT, False),
                (PUBLIC_CLIENT, True),
            )
        ],
    }
    env = {
        **os.environ,
        "PROVIDER_DB": str(home / "provider.sqlite3"),
        "PROVIDER_KEY_PEM": _private_key_pem(),
        "PROVIDER_SETUP": json.dumps(setup),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with (home / "provider.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "kabinet.sso.tests.provider.serve"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            cwd=Path(__file__).resolve().parents[3],
        )
        try:
            yield OpenIdProvider(base_url=f"http://127.0.0.1:{_port(process, home)}")
        finally:
            process.terminate()
            process.wait(timeout=10)


def _port(process: subprocess.Popen[str], home: Path) -> int:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], STARTUP_SECONDS)
    first = process.stdout.readline() if ready else ""  # EOF ("") if it died
    if not first.startswith("PORT "):
        raise RuntimeError(
            f"the test provider did not start:\n{(home / 'provider.log').read_text()}"
        )
    return int(first.split()[1])


@pytest.fixture
def sso_on(settings: LazySettings, openid_provider: OpenIdProvider) -> OpenIdProvider:
    """Kabinet configured for the test provider through discovery, as a deployment would be."""
    settings.KABINET_SSO_ISSUER = openid_provider.issuer
    settings.KABINET_SSO_CLIENT_ID, settings.KABINET_SSO_CLIENT_SECRET = CLIENT
    settings.KABINET_SSO_LABEL = "Corp ID"
    return openid_provider


@pytest.fixture
def unused_port() -> int:
    """A local port nothing listens on: a provider that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def client() -> Client:
    """Pages in English, so assertions read the messages as written in the code."""
    return Client(headers={"accept-language": "en"})
