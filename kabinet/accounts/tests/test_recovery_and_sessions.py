"""Recovery codes (ten, hashed, each once, at the sign-in code step, regenerable) and the
sessions on the profile with "sign out everywhere"."""

from __future__ import annotations

import time

import pyotp
from django.contrib.auth import get_user
from django.test import Client

from kabinet.accounts.actions import (
    begin_totp_setup,
    confirm_totp,
    regenerate_recovery_codes,
)
from kabinet.accounts.models import RecoveryCode, SignedInSession
from kabinet.accounts.queries import profile_of
from kabinet.conftest import World

PASSWORD = "secret-pass-123"


def _with_totp(world: World) -> str:
    secret = begin_totp_setup(world.contact).totp_secret
    confirm_totp(world.contact, pyotp.TOTP(secret).at(time.time() - 30))
    return secret


def _sign_in_with(code: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.post("/login/", {"username": "contact", "password": PASSWORD})
    client.post("/login/code/", {"code": code})
    return client


def test_ten_codes_are_shown_once_and_stored_hashed(client: Client, world: World) -> None:
    _with_totp(world)
    client.force_login(world.contact)
    page = client.post("/account/totp/recovery-codes/")
    assert "no-store" in page["Cache-Control"]
    codes = [c for c in page.content.decode().split("<code>")[1:]]
    codes = [c.split("</code>")[0] for c in codes]
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(
        RecoveryCode.objects.filter(person=world.contact).values_list("code_hash", flat=True)
    )
    assert len(stored) == 10 and not stored & set(codes)
    assert "10 recovery codes left." in client.get("/account/").content.decode()


def test_a_recovery_code_signs_in_once(world: World) -> None:
    _with_totp(world)
    codes = regenerate_recovery_codes(world.contact)

    first = _sign_in_with(codes[0].upper())  # typed in capitals: still the code
    assert get_user(first) == world.contact
    again = Client(headers={"accept-language": "en"})
    again.post("/login/", {"username": "contact", "password": PASSWORD})
    refused = again.post("/login/code/", {"code": codes[0]})
    assert refused.status_code == 200
    assert "The recovery code is wrong or already used." in refused.content.decode()
    assert not get_user(again).is_authenticated

    regenerate_recovery_codes(world.contact)  # the old set stops working
    old = Client()
    old.post("/login/", {"username": "contact", "password": PASSWORD})
    old.post("/login/code/", {"code": codes[1]})
    assert not get_user(old).is_authenticated


def test_new_codes_need_the_factor_on(client: Client, world: World) -> None:
    client.force_login(world.contact)
    response = client.post("/account/totp/recovery-codes/", follow=True)
    assert "Turn on two-factor sign-in first." in response.content.decode()
    assert not RecoveryCode.objects.filter(person=world.contact).exists()


def test_the_factor_page_shows_a_qr_code_and_the_key(client: Client, world: World) -> None:
    client.force_login(world.contact)
    client.post("/account/totp/begin/")
    page = client.get("/account/").content.decode()
    secret = profile_of(world.contact).totp_secret
    assert '<svg width="' in page and 'class="segno"' in page and secret in page


def test_sessions_are_listed_and_ended_everywhere(world: World) -> None:
    phone = Client(headers={"accept-language": "en", "user-agent": "Phone browser"})
    laptop = Client(headers={"accept-language": "en", "user-agent": "Laptop browser"})
    for client in (phone, laptop):
        client.post("/login/", {"username": "contact", "password": PASSWORD})
    page = laptop.get("/account/").content.decode()
    assert "Phone browser" in page and "Laptop browser" in page
    assert SignedInSession.objects.filter(person=world.contact).count() == 2

    ended = laptop.post("/account/sessions/end/", follow=True)
    assert "2 sessions ended." in ended.content.decode()
    assert phone.get("/account/")["Location"].startswith("/login/")
    assert laptop.get("/account/")["Location"].startswith("/login/")
    assert not SignedInSession.objects.filter(person=world.contact).exists()


def test_a_deactivated_person_is_signed_out_on_the_next_request(world: World) -> None:
    client = Client()
    client.post("/login/", {"username": "contact", "password": PASSWORD})
    assert client.get("/account/").status_code == 200
    world.contact.is_active = False
    world.contact.save(update_fields=["is_active"])
    assert client.get("/account/")["Location"].startswith("/login/")
