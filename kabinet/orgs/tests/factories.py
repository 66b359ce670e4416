"""Factories for organisations and people (context rows, not a subject's history)."""

from __future__ import annotations

import factory

from kabinet.orgs.models import CompanyGroup, Organisation, OrganisationKind, Person


class CompanyGroupFactory(factory.django.DjangoModelFactory[CompanyGroup]):
    class Meta:
        model = CompanyGroup

    name = factory.Sequence(lambda n: f"Group {n}")


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.CUSTOMER


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda p: f"{p.username}@example.test")
    full_name = factory.LazyAttribute(lambda p: p.username.title())
    password = factory.django.Password("secret-pass-123")
