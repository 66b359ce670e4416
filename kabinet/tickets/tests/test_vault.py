"""The vault seals under a key derived from SECRET_KEY, reads what an earlier key sealed
while that key is a fallback, and refuses what no known key sealed."""

from __future__ import annotations

import pytest
from django.conf import LazySettings

from kabinet.tickets import vault


def test_sealed_text_is_not_the_secret_and_comes_back(settings: LazySettings) -> None:
    sealed = vault.seal("admin / Pa$$w0rd-42")
    assert "Pa$$w0rd" not in sealed
    assert vault.seal("admin / Pa$$w0rd-42") != sealed  # a fresh IV each time
    assert vault.unseal(sealed) == "admin / Pa$$w0rd-42"


def test_a_rotated_key_still_reads_until_it_is_dropped(settings: LazySettings) -> None:
    settings.SECRET_KEY = "old-key-" + "x" * 50
    sealed = vault.seal("rdp://10.0.0.5 user:temp")
    settings.SECRET_KEY = "new-key-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "x" * 50]
    assert vault.unseal(sealed) == "rdp://10.0.0.5 user:temp"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(vault.UnreadableSecretError):
        vault.unseal(sealed)
