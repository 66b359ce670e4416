"""ASGI entry point for ASGI servers."""

import os

from django.core.asgi import get_asgi_application

from kabinet.deployment import check_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabinet.settings")
application = get_asgi_application()
check_secret_key()
