"""The linking rule of ``link_identity``, case by case (see the module docstring of actions)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from kabinet.orgs.models import Person
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.sso.actions import UnknownIdentityError, link_identity
from kabinet.sso.models import SsoIdentity

ISSUER = "https://id.corp.test"
OTHER_ISSUER = "https://login.partner.test"
REFUSED = "No Kabinet account matches this identity."

pytestmark = pytest.mark.django_db


def claims(sub: str, email: str = "", verified: object = True, **more: Any) -> dict[str, Any]:
    return {"sub": sub, "email": email, "email_verified": verified, **more}


def refused(issuer: str, claim_set: dict[str, Any], *, create_people: bool = False) -> None:
    with pytest.raises(UnknownIdentityError) as raised:
        link_identity(issuer=issuer, claims=claim_set, create_people=create_people)
    assert REFUSED in str(raised.value.message)


def test_a_verified_email_links_the_one_person_who_has_it_whatever_the_case() -> None:
    anna = PersonFactory.create(email="Anna.Petrova@Corp.test")

    person = link_identity(
        issuer=ISSUER, claims=claims("s-1", "anna.petrova@corp.test"), create_people=False
    )

    assert person == anna
    identity = SsoIdentity.objects.get()
    assert (identity.person, identity.issuer, identity.subject) == (anna, ISSUER, "s-1")
    assert identity.last_used_at is not None


def test_the_flag_may_come_as_the_string_true() -> None:
    anna = PersonFactory.create(email="anna@corp.test")
    linked = link_identity(
        issuer=ISSUER, claims=claims("s-1", "anna@corp.test", "true"), create_people=False
    )
    assert linked == anna


@pytest.mark.parametrize("verified", [False, None, "false"], ids=["false", "absent", "text"])
def test_an_unverified_email_links_nobody(verified: object) -> None:
    PersonFactory.create(email="anna@corp.test")
    refused(ISSUER, claims("s-1", "anna@corp.test", verified))
    assert SsoIdentity.objects.exists() is False


def test_no_email_at_all_links_nobody() -> None:
    refused(ISSUER, {"sub": "s-1"})


@pytest.mark.parametrize(
    ("first", "second", "claimed"),
    [
        ("desk@corp.test", "DESK@corp.test", "desk@corp.test"),
        ("straße@corp.test", "STRASSE@CORP.TEST", "strasse@corp.test"),
    ],
    ids=["case", "sharp-s"],
)
def test_an_email_two_people_share_links_neither(first: str, second: str, claimed: str) -> None:
    PersonFactory.create(email=first)
    PersonFactory.create(email=second)
    with pytest.raises(UnknownIdentityError) as raised:
        link_identity(issuer=ISSUER, claims=claims("s-1", claimed), create_people=True)
    assert "More than one Kabinet account has this email address" in str(raised.value.message)
    assert SsoIdentity.objects.exists() is False
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    ("stored", "claimed"),
    [
        ("anna@demo.kabinet.test", "anna@demo.kabınet.test"),  # dotless ı in the domain
        ("anna@demo.kabinet.test", "anna@DEMO.KABİNET.TEST"),  # Turkish İ in the domain
        ("ivan@corp.test", "ıvan@corp.test"),  # dotless ı in the local part
        ("ivan@corp.test", "İVAN@corp.test"),  # Turkish İ folds to i + dot above, not i
        ("ıvan@corp.test", "IVAN@corp.test"),
        ("strasse@straße.test", "strasse@strasse.test"),  # IDNA 2008 keeps ß in domains
        ("anna@corp.test", "anna@corp.test.evil.test"),
        ("anna@corp.test", "anna@corp.test@evil.test"),
    ],
)
def test_an_address_that_only_looks_alike_links_nobody(stored: str, claimed: str) -> None:
    PersonFactory.create(email=stored)
    refused(ISSUER, claims("s-1", claimed))
    assert SsoIdentity.objects.exists() is False


@pytest.mark.parametrize(
    ("stored", "claimed"),
    [
        ("anna@corp.test", "ANNA@CORP.TEST"),
        ("anna@corp.test", "anna@corp.test."),
        ("İvan@corp.test", "İVAN@corp.test"),
        ("strasse@corp.test", "STRAßE@corp.test"),  # case folding maps ß to ss
        ("anna@пример.рф", "ANNA@ПРИМЕР.РФ"),
        ("anna@пример.рф", "anna@xn--e1afmkfd.xn--p1ai"),
    ],
)
def test_the_same_address_in_another_case_or_form_links_its_person(
    stored: str, claimed: str
) -> None:
    person = PersonFactory.create(email=stored)
    linked = link_identity(issuer=ISSUER, claims=claims("s-1", claimed), create_people=False)
    assert linked == person


def test_a_deactivated_person_is_not_signed_in_by_email_or_by_link() -> None:
    anna = PersonFactory.create(email="anna@corp.test")
    link_identity(issuer=ISSUER, claims=claims("s-1", "anna@corp.test"), create_people=False)
    Person.objects.filter(pk=anna.pk).update(is_active=False)

    refused(ISSUER, claims("s-1", "anna@corp.test"))
    refused(ISSUER, claims("s-2", "anna@corp.test"), create_people=True)
    assert Person.objects.count() == 1


def test_the_stored_link_wins_over_an_email_that_moved_to_someone_else() -> None:
    anna = PersonFactory.create(email="anna@corp.test")
    link_identity(issuer=ISSUER, claims=claims("s-1", "anna@corp.test"), create_people=False)
    PersonFactory.create(email="anna.new@corp.test")

    person = link_identity(
        issuer=ISSUER, claims=claims("s-1", "anna.new@corp.test"), create_people=False
    )

    assert person == anna
    assert SsoIdentity.objects.get().email == "anna.new@corp.test"


def test_a_second_account_at_the_same_provider_cannot_take_over_a_linked_person() -> None:
    PersonFactory.create(email="anna@corp.test")
    link_identity(issuer=ISSUER, claims=claims("s-1", "anna@corp.test"), create_people=False)

    refused(ISSUER, claims("s-2", "anna@corp.test"))

    assert SsoIdentity.objects.count() == 1


def test_the_same_person_may_be_linked_at_another_provider() -> None:
    anna = PersonFactory.create(email="anna@corp.test")
    link_identity(issuer=ISSUER, claims=claims("s-1", "anna@corp.test"), create_people=False)

    person = link_identity(
        issuer=OTHER_ISSUER, claims=claims("s-1", "anna@corp.test"), create_people=False
    )

    assert person == anna
    assert SsoIdentity.objects.filter(person=anna).count() == 2


def test_an_unknown_email_creates_nobody_while_the_flag_is_off() -> None:
    refused(ISSUER, claims("s-1", "new@corp.test"))
    assert Person.objects.exists() is False


def test_with_the_flag_on_a_verified_newcomer_becomes_a_person_without_roles() -> None:
    PersonFactory.create(username="new")

    person = link_identity(
        issuer=ISSUER,
        claims=claims("s-1", "new@corp.test", name="Новый Сотрудник"),
        create_people=True,
    )

    assert (person.username, person.email, person.full_name) == (
        "new-2",
        "new@corp.test",
        "Новый Сотрудник",
    )
    assert person.has_usable_password() is False
    assert person.memberships.exists() is False
    assert SsoIdentity.objects.get().person == person


def test_with_the_flag_on_an_unverified_newcomer_is_still_refused() -> None:
    refused(ISSUER, claims("s-1", "new@corp.test", False), create_people=True)
    assert Person.objects.exists() is False


def test_the_ambiguity_is_explained_in_russian() -> None:
    PersonFactory.create(email="desk@corp.test")
    PersonFactory.create(email="Desk@Corp.test")
    with pytest.raises(UnknownIdentityError) as raised:
        link_identity(issuer=ISSUER, claims=claims("s-1", "desk@corp.test"), create_people=False)
    with translation.override("ru"):
        message = str(raised.value.message)
    assert message.startswith("Этот адрес электронной почты есть у нескольких пользователей")
