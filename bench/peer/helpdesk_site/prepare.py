"""Seeds the peer: one queue and N staff users with API tokens; prints them as JSON."""

import json
import sys

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from helpdesk.models import Queue  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

clients = int(sys.argv[1])
queue, _ = Queue.objects.get_or_create(
    slug="bench", defaults={"title": "Bench", "allow_public_submission": False}
)
tokens = []
for k in range(clients):
    user, _ = get_user_model().objects.get_or_create(
        username=f"agent{k}", defaults={"is_staff": True, "email": f"agent{k}@example.com"}
    )
    tokens.append(Token.objects.get_or_create(user=user)[0].key)
print(json.dumps({"queue": queue.pk, "tokens": tokens}))
