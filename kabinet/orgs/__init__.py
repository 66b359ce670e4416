"""Organisations, people, roles and the tenancy rules every app's access.py relies on."""
