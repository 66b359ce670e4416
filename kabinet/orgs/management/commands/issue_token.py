"""``kabinet issue_token USERNAME [--name NAME]``: print a new API token for a person."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kabinet.orgs.actions import issue_api_token
from kabinet.orgs.models import Person


class Command(BaseCommand):
    help = "Issue an API token for a person and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(username=options["username"]).first()
        if person is None:
            raise CommandError(f"No person with username {options['username']!r}.")
        _, plaintext = issue_api_token(person, options["name"])
        self.stdout.write(plaintext)
