"""WSGI entry point for gunicorn and other WSGI servers."""

import os

from django.core.wsgi import get_wsgi_application

from kabinet.deployment import check_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabinet.settings")
application = get_wsgi_application()
check_secret_key()
