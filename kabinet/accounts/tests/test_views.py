"""The profile page: its acts by URL, their refusals next to the field, the Russian page."""

from __future__ import annotations

import pyotp
from django.conf import LazySettings
from django.test import Client

from kabinet.accounts.queries import profile_of
from kabinet.conftest import World


def test_the_page_asks_for_sign_in(client: Client, world: World) -> None:
    response = client.get("/account/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_page_reads_in_russian(world: World) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)

    page = client.get("/account/").content.decode()

    assert "Учётная запись" in page
    assert "Двухфакторный вход (TOTP)" in page


def test_a_saved_time_zone_is_offered_back(client: Client, world: World) -> None:
    client.force_login(world.contact)

    response = client.post("/account/time-zone/", {"time_zone": "Asia/Yekaterinburg"}, follow=True)

    assert "Time zone saved." in response.content.decode()
    assert response.context["zone_form"].initial == {"time_zone": "Asia/Yekaterinburg"}


def test_an_unknown_time_zone_is_refused_next_to_the_field(client: Client, world: World) -> None:
    client.force_login(world.contact)

    response = client.post("/account/time-zone/", {"time_zone": "Mars/Olympus"})

    assert response.status_code == 400
    assert response.context["zone_form"].errors["time_zone"]
    assert profile_of(world.contact).time_zone == "Europe/Moscow"


def test_the_factor_is_set_up_confirmed_and_turned_off(client: Client, world: World) -> None:
    client.force_login(world.contact)

    assert client.post("/account/totp/begin/")["Location"] == "/account/"
    secret = profile_of(world.contact).totp_secret
    page = client.get("/account/").content.decode()
    assert f"otpauth://totp/Kabinet:contact?secret={secret}" in page

    wrong = client.post("/account/totp/confirm/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "The code is wrong or expired." in wrong.content.decode()

    on = client.post("/account/totp/confirm/", {"code": pyotp.TOTP(secret).now()}, follow=True)
    assert "Two-factor sign-in is on." in on.content.decode()
    assert profile_of(world.contact).totp_enabled is True

    wrong_password = client.post("/account/totp/disable/", {"password": "guess"})
    assert wrong_password.status_code == 400
    assert "The password is wrong." in wrong_password.content.decode()
    off = client.post("/account/totp/disable/", {"password": "secret-pass-123"}, follow=True)
    assert "Two-factor sign-in is off." in off.content.decode()
    assert profile_of(world.contact).totp_enabled is False


def test_sign_in_page_names_the_product_and_the_way_out(db: None, settings: LazySettings) -> None:
    settings.KABINET_SUPPORT_CONTACT = "support@partner.example, +7 343 000-00-00"
    html = Client(headers={"accept-language": "ru"}).get("/login/").content.decode()
    assert "Kabinet — обращения в поддержку по SLA вашего договора." in html
    assert "Забыли пароль?" in html
    assert "Напишите в поддержку: support@partner.example, +7 343 000-00-00" in html
    settings.KABINET_SUPPORT_CONTACT = ""
    english = Client(headers={"accept-language": "en"}).get("/login/").content.decode()
    assert "Forgot your password?" in english and "Write to support" not in english


def test_the_zone_picker_lists_the_contracts_zones_first_in_russian(world: World) -> None:
    world.contract.time_zone = "Asia/Novosibirsk"
    world.contract.save()
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)

    page = client.get("/account/").content.decode()

    likely = page.index('<optgroup label="Вероятнее всего">')
    russia = page.index('<optgroup label="Россия">')
    novosibirsk = page.index('value="Asia/Novosibirsk"')
    assert likely < novosibirsk < russia
    assert "Новосибирск, Россия (UTC+7)" in page
    assert page.count('value="Asia/Novosibirsk"') == 1


def test_a_stranger_zone_name_is_refused_in_russian(world: World) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)

    response = client.post("/account/time-zone/", {"time_zone": "Mars/Olympus"})

    assert response.status_code == 400
    assert "Выберите часовой пояс из списка." in response.content.decode()
