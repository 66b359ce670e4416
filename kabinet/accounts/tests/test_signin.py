"""``accounts.signin.complete_sign_in``, the end of both ways in, through the password page
(the single sign-on way is covered in ``sso/tests/test_sign_in_flow``)."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.contrib.auth import get_user
from django.test import Client

from kabinet.accounts.actions import begin_totp_setup, confirm_totp
from kabinet.conftest import World

PASSWORD = "secret-pass-123"


def previous_code(secret: str) -> str:
    """The code of the time step before the current one: still accepted (clock drift), and
    it leaves the current code unspent for the sign-in."""
    return pyotp.TOTP(secret).at(time.time() - 30)


def test_a_password_without_totp_signs_in_and_goes_to_next(client: Client, world: World) -> None:
    response = client.post(
        "/login/", {"username": "contact", "password": PASSWORD, "next": "/account/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert get_user(client) == world.contact


@pytest.mark.parametrize("target", ["https://evil.test/", "//evil.test/x"])
def test_a_foreign_next_after_the_code_goes_home(client: Client, world: World, target: str) -> None:
    secret = begin_totp_setup(world.contact).totp_secret
    confirm_totp(world.contact, previous_code(secret))
    client.post("/login/", {"username": "contact", "password": PASSWORD, "next": target})
    session = client.session
    session["cabinets_pending_next"] = target  # as if it had slipped into the session
    session.save()

    response = client.post("/login/code/", {"code": pyotp.TOTP(secret).now()})

    assert response["Location"] == "/"


def test_a_password_with_totp_holds_the_person_at_the_code(client: Client, world: World) -> None:
    secret = begin_totp_setup(world.contact).totp_secret
    confirm_totp(world.contact, previous_code(secret))

    response = client.post(
        "/login/", {"username": "contact", "password": PASSWORD, "next": "/account/"}
    )

    assert response["Location"] == "/login/code/"
    assert get_user(client).is_authenticated is False
    wrong = client.post("/login/code/", {"code": "000000"})
    assert "The code is wrong or expired." in wrong.content.decode()
    assert get_user(client).is_authenticated is False
    right = client.post("/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert right["Location"] == "/account/"
    assert get_user(client) == world.contact
