"""Encryption at rest of the secrets a ticket keeps (temporary access credentials): Fernet
(AES-128-CBC with HMAC-SHA256, from ``cryptography``), keyed from ``SECRET_KEY`` through
HKDF so that the key is never the Django secret itself. ``SECRET_KEY_FALLBACKS`` still
decrypt, so rotating the secret key does not lose a secret given before the rotation."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Tells this key apart from any other derived from the same SECRET_KEY.
PURPOSE = b"kabinet.tickets.vault.credentials"


def _key(secret: str | bytes) -> bytes:
    material = secret.encode() if isinstance(secret, str) else secret
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(material)
    return base64.urlsafe_b64encode(derived)


def _fernet() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([Fernet(_key(secret)) for secret in secrets])


def seal(plaintext: str) -> str:
    """The ciphertext of ``plaintext`` under the current key."""
    return _fernet().encrypt(plaintext.encode()).decode("ascii")


class UnreadableSecretError(Exception):
    """The ciphertext was sealed under a key that is neither current nor a fallback."""


def unseal(ciphertext: str) -> str:
    try:
        return _fernet().decrypt(ciphertext.encode("ascii")).decode()
    except InvalidToken as exc:
        raise UnreadableSecretError from exc
