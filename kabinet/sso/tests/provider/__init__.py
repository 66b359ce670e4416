"""A real OpenID provider for the SSO tests: a minimal Django project on django-oauth-toolkit.

``serve`` runs it as a separate process with its own settings and SQLite database; the tests
talk to it over HTTP only. Not part of Kabinet.
"""
