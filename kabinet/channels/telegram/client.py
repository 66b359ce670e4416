"""The one seam to the Telegram Bot API: JSON method calls and file downloads over HTTPS.

A small client over ``requests`` rather than python-telegram-bot or aiogram: both are
asyncio-only since their 2023 majors, and every caller here (Django views, Celery tasks, the
management command, the outbound channel) is synchronous, so each call would need an event
loop of its own; and their dispatchers keep the update offset in memory, where Kabinet
records every update in the database to act on it exactly once. The Bot API is plain JSON
over HTTPS. The base URL is the setting ``KABINET_TELEGRAM_API_URL``, read at each call, so
tests point the client at a local server.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any

import requests
from django.conf import settings

CHUNK = 64 * 1024
_local = threading.local()


def _session() -> requests.Session:
    """One keep-alive session per thread: a TLS handshake with Telegram costs more than
    the call itself, and ``requests.Session`` is not promised to be thread-safe."""
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


class BotApiError(Exception):
    """Telegram refused the call or could not be reached. The message never contains the
    token (it is part of every URL, and these messages are logged and stored)."""


class BotApi:
    def __init__(self, token: str, *, base_url: str | None = None) -> None:
        self.token = token
        self.base_url = (base_url or settings.KABINET_TELEGRAM_API_URL).rstrip("/")

    def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> Any:
        """Call ``method``; returns its ``result`` or raises ``BotApiError``."""
        url = f"{self.base_url}/bot{self.token}/{method}"
        wait = timeout if timeout is not None else settings.KABINET_TELEGRAM_TIMEOUT
        try:
            response = _session().post(url, json=dict(params or {}), timeout=wait)
        except requests.RequestException as exc:
            raise self._error(f"{method}: {type(exc).__name__}: {exc}") from exc
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            answer = {}
        if response.status_code != 200 or not answer.get("ok"):
            description = answer.get("description") or response.reason
            raise self._error(f"{method}: {response.status_code} {description}")
        return answer.get("result")

    def download(self, file_path: str) -> Iterator[bytes]:
        """The bytes of a file ``getFile`` named, in chunks; the caller bounds the size."""
        url = f"{self.base_url}/file/bot{self.token}/{file_path}"
        try:
            response = _session().get(url, stream=True, timeout=settings.KABINET_TELEGRAM_TIMEOUT)
        except requests.RequestException as exc:
            raise self._error(f"download: {type(exc).__name__}: {exc}") from exc
        with response:
            if response.status_code != 200:
                raise self._error(f"download: {response.status_code}")
            try:
                yield from response.iter_content(CHUNK)
            except requests.RequestException as exc:
                raise self._error(f"download: {type(exc).__name__}: {exc}") from exc

    def _error(self, message: str) -> BotApiError:
        return BotApiError(message.replace(self.token, "<token>") if self.token else message)
