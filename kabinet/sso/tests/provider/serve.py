"""Run the test provider: migrate its own database, create its users and clients, serve HTTP.

Prints ``PORT <n>`` on its first line once it listens on 127.0.0.1, then serves until killed.
PROVIDER_SETUP is JSON: {"users": [{username, password, claims}],
"clients": [{client_id, client_secret, redirect_uri, skip_authorization}]}; a client
without a secret is a public one.
"""

from __future__ import annotations

import json
import os
import sys

import django


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kabinet.sso.tests.provider.settings"
    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0, interactive=False)
    _create(json.loads(os.environ["PROVIDER_SETUP"]))
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    sys.stdout.write(f"PORT {server.server_address[1]}\n")
    sys.stdout.flush()
    server.serve_forever()


def _create(setup: dict[str, list[dict[str, object]]]) -> None:
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    for user in setup["users"]:
        User.objects.create_user(username=str(user["username"]), password=str(user["password"]))
    for client in setup["clients"]:
        Application.objects.create(
            name=str(client["client_id"]),
            client_id=str(client["client_id"]),
            client_secret=str(client["client_secret"]),
            client_type=(
                Application.CLIENT_CONFIDENTIAL
                if client["client_secret"]
                else Application.CLIENT_PUBLIC
            ),
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=str(client["redirect_uri"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=bool(client["skip_authorization"]),
        )


if __name__ == "__main__":
    main()
