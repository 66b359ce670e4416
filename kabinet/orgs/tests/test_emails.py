"""The normal form of email addresses, and the person's stored copy of it."""

from __future__ import annotations

import pytest

from kabinet.orgs.emails import normalise_email
from kabinet.orgs.tests.factories import PersonFactory


@pytest.mark.parametrize(
    ("address", "normal"),
    [
        ("Anna.Petrova@Corp.TEST", "anna.petrova@corp.test"),
        (" anna@corp.test. ", "anna@corp.test"),
        ("STRAßE@corp.test", "strasse@corp.test"),
        ("İvan@corp.test", "i\u0307van@corp.test"),
        ("ıvan@corp.test", "ıvan@corp.test"),
        ("anna@demo.kabınet.test", "anna@demo.xn--kabnet-r9a.test"),
        ("anna@ПРИМЕР.РФ", "anna@xn--e1afmkfd.xn--p1ai"),
        ("anna@xn--e1afmkfd.xn--p1ai", "anna@xn--e1afmkfd.xn--p1ai"),
        ("Ё@corp.test", "ё@corp.test"),
        ("e\u0301@corp.test", "é@corp.test"),  # one composed form
        ('"a@b"@corp.test', '"a@b"@corp.test'),
    ],
)
def test_an_address_folds_to_one_normal_form(address: str, normal: str) -> None:
    assert normalise_email(address) == normal


@pytest.mark.parametrize("address", ["", "anna", "@corp.test", "anna@", "anna@a..b", "a@-x-.test"])
def test_what_is_no_address_has_no_normal_form(address: str) -> None:
    assert normalise_email(address) == ""


@pytest.mark.django_db
def test_a_person_keeps_the_normal_form_of_their_email() -> None:
    person = PersonFactory.create(email="Anna@Corp.TEST")
    assert person.normalised_email == "anna@corp.test"

    person.email = "ANNA@ПРИМЕР.РФ"
    person.save(update_fields=["email"])
    person.refresh_from_db()
    assert person.normalised_email == "anna@xn--e1afmkfd.xn--p1ai"
