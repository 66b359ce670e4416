"""``PersonRef`` renders a person directly instead of through DRF's generic path: the two
must agree."""

from __future__ import annotations

from rest_framework import serializers

from kabinet.api.fields import PersonRef
from kabinet.conftest import World


def test_a_person_is_rendered_as_the_generic_path_renders_it(world: World) -> None:
    for person in (world.contact, world.engineer):
        generic = dict(serializers.Serializer.to_representation(PersonRef(), person))
        assert (
            PersonRef().to_representation(person)
            == generic
            == {
                "id": person.pk,
                "name": str(person),
            }
        )
