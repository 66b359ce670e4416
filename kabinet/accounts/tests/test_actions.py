"""The profile's actions: time zone, and the TOTP factor set up, confirmed and turned off."""

from __future__ import annotations

import pyotp
import pytest

from kabinet.accounts.actions import begin_totp_setup, confirm_totp, disable_totp, set_time_zone
from kabinet.accounts.queries import profile_of
from kabinet.conftest import World
from kabinet.errors import DomainError

WRONG = "The code is wrong or expired."


def test_a_known_time_zone_is_kept(world: World) -> None:
    set_time_zone(world.contact, "Asia/Yekaterinburg")

    assert profile_of(world.contact).time_zone == "Asia/Yekaterinburg"


def test_an_unknown_time_zone_is_refused_on_its_field(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        set_time_zone(world.contact, "Mars/Olympus")

    assert (str(refused.value.message), refused.value.field) == ("Unknown time zone.", "time_zone")
    assert profile_of(world.contact).pk is None


def test_the_factor_counts_only_once_confirmed(world: World) -> None:
    secret = begin_totp_setup(world.contact).totp_secret
    assert profile_of(world.contact).totp_enabled is False

    confirm_totp(world.contact, pyotp.TOTP(secret).now())

    assert profile_of(world.contact).totp_enabled is True


def test_setting_up_again_leaves_an_enabled_factor_alone(world: World) -> None:
    secret = begin_totp_setup(world.contact).totp_secret
    confirm_totp(world.contact, pyotp.TOTP(secret).now())

    assert begin_totp_setup(world.contact).totp_secret == secret


def test_a_wrong_code_neither_enables_nor_disables(world: World) -> None:
    secret = begin_totp_setup(world.contact).totp_secret
    with pytest.raises(DomainError) as refused:
        confirm_totp(world.contact, "000000")
    assert str(refused.value.message) == WRONG
    assert profile_of(world.contact).totp_enabled is False

    confirm_totp(world.contact, pyotp.TOTP(secret).now())
    with pytest.raises(DomainError) as refused:
        disable_totp(world.contact, "wrong-password")
    assert (str(refused.value.message), refused.value.field) == (
        "The password is wrong.",
        "password",
    )
    assert profile_of(world.contact).totp_enabled is True


def test_the_password_turns_the_factor_off(world: World) -> None:
    secret = begin_totp_setup(world.contact).totp_secret
    confirm_totp(world.contact, pyotp.TOTP(secret).now())

    disable_totp(world.contact, "secret-pass-123")

    profile = profile_of(world.contact)
    assert (profile.totp_enabled, profile.totp_secret) == (False, "")
