"""Guessing is limited: failed passwords (/login/, /admin/login/) and TOTP codes lock the
account and the client address out for the cool-off, refused before any password hash; the
person is told when to try again, an admin sees the lock and lifts it."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pyotp
import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import LazySettings
from django.contrib.auth import get_user
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, RequestFactory

from kabinet.accounts.actions import accept_sign_in_code, begin_totp_setup, confirm_totp
from kabinet.accounts.lockouts import client_address
from kabinet.conftest import World
from kabinet.errors import DomainError
from kabinet.orgs.tests.factories import PersonFactory

PASSWORD = "secret-pass-123"
LIMIT = 5
LOCKED_EN = "Too many failed sign-in attempts for this account or from this address."
LOCKED_RU = "Слишком много неудачных попыток входа"


def english(address: str = "127.0.0.1") -> Client:
    return Client(headers={"accept-language": "en"}, REMOTE_ADDR=address)


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password hash computed (checks and the dummy hash for unknown names)."""
    computed: list[str] = []
    original: Callable[[MD5PasswordHasher, str, str], str] = MD5PasswordHasher.encode

    def counting(self: MD5PasswordHasher, password: str, salt: str) -> str:
        computed.append(password)
        return original(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return computed


def fail_passwords(client: Client, username: str, times: int, url: str = "/login/") -> None:
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong"})


def test_wrong_passwords_lock_the_account_and_say_until_when(world: World) -> None:
    client = english()
    fail_passwords(client, "contact", LIMIT)

    refused = client.post("/login/", {"username": "contact", "password": PASSWORD})

    assert refused.status_code == 429
    page = refused.content.decode()
    assert LOCKED_EN in page
    # NOW is 16:00 in Moscow (the default zone); the lock covers 15 minutes from then, so
    # the first free whole minute is 16:16.
    assert "You can try again at 16:16 (8 May 2026), in 16 minutes." in " ".join(page.split())
    assert refused["Retry-After"] == "960"
    assert get_user(client).is_authenticated is False


def test_the_lock_reads_in_russian(world: World) -> None:
    client = Client(headers={"accept-language": "ru"})
    fail_passwords(client, "contact", LIMIT)
    page = client.post("/login/", {"username": "contact", "password": PASSWORD})
    assert LOCKED_RU in page.content.decode()
    assert "16:16" in page.content.decode()


def test_a_locked_out_attempt_computes_no_password_hash(world: World, hashes: list[str]) -> None:
    client = english()
    fail_passwords(client, "contact", LIMIT)
    assert len(hashes) == LIMIT

    for _ in range(8):
        assert client.post("/login/", {"username": "contact", "password": "x"}).status_code == 429

    assert len(hashes) == LIMIT
    assert client.get("/login/").status_code == 200


def test_an_unknown_name_costs_one_hash_as_a_known_one_does(
    world: World, hashes: list[str]
) -> None:
    english().post("/login/", {"username": "contact", "password": "wrong"})
    known = len(hashes)
    english("10.0.0.2").post("/login/", {"username": "nobody-here", "password": "wrong"})
    assert (known, len(hashes) - known) == (1, 1)


def test_the_same_account_from_other_addresses_stays_locked(world: World) -> None:
    for n in range(LIMIT):
        fail_passwords(english(f"10.0.0.{n + 1}"), "contact", 1)
    refused = english("10.0.9.9").post("/login/", {"username": "contact", "password": PASSWORD})
    assert refused.status_code == 429


def test_one_address_guessing_many_accounts_is_locked(world: World) -> None:
    client = english("10.0.0.7")
    for name in ("contact", "admin", "outsider", "engineer", "nobody"):
        fail_passwords(client, name, 1)

    assert (
        client.post("/login/", {"username": "vendor_engineer", "password": PASSWORD}).status_code
        == 429
    )
    elsewhere = english("10.0.0.8").post(
        "/login/", {"username": "vendor_engineer", "password": PASSWORD}
    )
    assert elsewhere.status_code == 302


def test_the_lock_ends_after_the_cool_off(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    client = english()
    fail_passwords(client, "contact", LIMIT)
    frozen_time.shift(dt.timedelta(minutes=15))
    assert client.post("/login/", {"username": "contact", "password": PASSWORD}).status_code == 429

    frozen_time.shift(dt.timedelta(minutes=1))  # the minute the page named

    signed_in = client.post("/login/", {"username": "contact", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert get_user(client) == world.contact


def test_the_admin_sign_in_is_limited_too(world: World, hashes: list[str]) -> None:
    PersonFactory.create(username="root", is_staff=True, is_superuser=True)
    hashes.clear()
    client = english()
    fail_passwords(client, "root", LIMIT, url="/admin/login/")

    refused = client.post("/admin/login/", {"username": "root", "password": PASSWORD})

    assert refused.status_code == 429
    assert LOCKED_EN in refused.content.decode()
    assert len(hashes) == LIMIT


@pytest.fixture
def totp_pending(world: World) -> tuple[Client, str]:
    """A client that passed the password of a person with TOTP on, and the secret."""
    secret = begin_totp_setup(world.contact).totp_secret
    confirm_totp(world.contact, pyotp.TOTP(secret).at(time.time() - 30))
    client = english()
    assert client.post("/login/", {"username": "contact", "password": PASSWORD}).status_code == 302
    return client, secret


def test_forty_wrong_codes_then_the_right_one_does_not_sign_in(
    totp_pending: tuple[Client, str],
) -> None:
    client, secret = totp_pending
    answers = [client.post("/login/code/", {"code": f"{n:06d}"}).status_code for n in range(40)]

    right = client.post("/login/code/", {"code": pyotp.TOTP(secret).now()})

    assert answers[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert set(answers[LIMIT - 1 :]) == {429}
    assert right.status_code == 429
    assert LOCKED_EN in right.content.decode()
    assert get_user(client).is_authenticated is False


def test_wrong_codes_lock_the_password_too(
    world: World, totp_pending: tuple[Client, str], hashes: list[str]
) -> None:
    client, _secret = totp_pending
    for n in range(LIMIT):
        client.post("/login/code/", {"code": f"{n:06d}"})
    before = len(hashes)

    again = english("10.1.1.1").post("/login/", {"username": "contact", "password": PASSWORD})

    assert again.status_code == 429
    assert len(hashes) == before


def test_a_used_code_is_refused_a_second_time(
    world: World, totp_pending: tuple[Client, str]
) -> None:
    client, secret = totp_pending
    code = pyotp.TOTP(secret).now()
    assert client.post("/login/code/", {"code": code})["Location"] == "/"
    client.post("/logout/")

    other = english("10.2.2.2")
    other.post("/login/", {"username": "contact", "password": PASSWORD})
    replay = other.post("/login/code/", {"code": code})

    assert replay.status_code == 200
    assert "The code is wrong or expired." in replay.content.decode()
    assert get_user(other).is_authenticated is False


def test_a_code_of_an_earlier_step_than_the_last_used_is_refused(
    world: World, frozen_time: time_machine.Traveller
) -> None:
    secret = begin_totp_setup(world.contact).totp_secret
    confirm_totp(world.contact, pyotp.TOTP(secret).now())
    earlier = pyotp.TOTP(secret).at(time.time() - 30)
    with pytest.raises(DomainError):
        accept_sign_in_code(world.contact, earlier)

    frozen_time.shift(dt.timedelta(seconds=30))
    accept_sign_in_code(world.contact, pyotp.TOTP(secret).now())


def test_a_person_without_the_factor_has_no_code_to_accept(world: World) -> None:
    with pytest.raises(DomainError):
        accept_sign_in_code(world.contact, "123456")


# --- the admin's view: list, lift, and who may reach it ---

ADMIN_LIST = "/admin/axes/accessattempt/"


def test_an_admin_sees_the_lock_and_lifts_it(world: World) -> None:
    fail_passwords(english(), "contact", LIMIT)
    root = PersonFactory.create(username="root", is_staff=True, is_superuser=True)
    admin = english("10.9.9.9")
    admin.force_login(root)

    listing = admin.get(ADMIN_LIST).content.decode()
    assert "contact" in listing
    lifted = admin.post(
        ADMIN_LIST,
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert lifted.status_code == 302
    assert AccessAttempt.objects.exists() is False

    again = english()
    assert again.post("/login/", {"username": "contact", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("person", 302),
        ("staff", 403),
        ("staff-with-view", 200),
        ("superuser", 200),
    ],
)
def test_who_reaches_the_lock_list(db: None, who: str, status: int) -> None:
    client = english()
    if who != "anonymous":
        person = PersonFactory.create(is_staff=who != "person", is_superuser=who == "superuser")
        if who == "staff-with-view":
            from django.contrib.auth.models import Permission

            person.user_permissions.add(Permission.objects.get(codename="view_accessattempt"))
        client.force_login(person)

    response = client.get(ADMIN_LIST)

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/admin/login/")


def test_behind_trusted_proxies_the_address_is_read_from_the_right(
    settings: LazySettings,
) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.0.0.2"
    )
    assert client_address(request) == "10.0.0.1"
    settings.KABINET_TRUSTED_PROXIES = 2
    assert client_address(request) == "203.0.113.5"
