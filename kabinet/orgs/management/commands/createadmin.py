"""``kabinet createadmin --organisation NAME --username NAME --email ADDRESS
[--password-file FILE]``: the vendor organisation and its first admin, on an empty
database. The password comes from the file (its first line) or from a prompt that does not
echo it, asked twice; it never appears in the arguments."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kabinet.errors import DomainError
from kabinet.orgs.founding import create_vendor_admin


class Command(BaseCommand):
    help = "Create the vendor organisation (if needed) and its organisation admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="vendor organisation name")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", default="")
        parser.add_argument(
            "--password-file", help="read the password from the first line of this file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = _password(options["password_file"])
        try:
            person = create_vendor_admin(
                organisation_name=options["organisation"],
                username=options["username"],
                email=options["email"],
                password=password,
                full_name=options["full_name"],
            )
        except DomainError as error:
            raise CommandError(f"{error.field}: {error.message}") from None
        self.stdout.write(f"Created {person.username}, admin of {options['organisation']}.")


def _password(path: str | None) -> str:
    if path is not None:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        if not lines or not lines[0]:
            raise CommandError(f"{path}: the first line must be the password")
        return lines[0]
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise CommandError("The passwords differ.")
    return first
