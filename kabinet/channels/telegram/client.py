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

import json
from collections.abc import Iterator, Mapping
from typing import Any

import requests
from django.conf import settings

CHUNK = 64 * 1024


class BotApiError(Exception):
    """Telegram refused the call or could not be reached; ``retry`` says whether trying
    again later can help (network failure, 429, 5xx)."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


class BotApi:
    def __init__(self, token: str, *, base_url: str | None = None) -> None:
        self.token = token
        self.base_url = (base_url or settings.KABINET_TELEGRAM_API_URL).rstrip("/")

    def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Call ``method``; returns its ``result`` or raises ``BotApiError``."""
        url = f"{self.base_url}/bot{self.token}/{method}"
        wait = timeout if timeout is not None else settings.KABINET_TELEGRAM_TIMEOUT
        try:
            if files:
                response = requests.post(url, data=_form(params or {}), files=files, timeout=wait)
            else:
                response = requests.post(url, json=dict(params or {}), timeout=wait)
        except requests.RequestException as exc:
            raise BotApiError(f"{method}: {type(exc).__name__}: {exc}", retry=True) from exc
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code != 200 or not answer.get("ok"):
            retry = response.status_code == 429 or response.status_code >= 500
            description = answer.get("description") or response.reason
            raise BotApiError(f"{method}: {response.status_code} {description}", retry=retry)
        return answer.get("result")

    def download(self, file_path: str) -> Iterator[bytes]:
        """The bytes of a file ``getFile`` named, in chunks; the caller bounds the size."""
        url = f"{self.base_url}/file/bot{self.token}/{file_path}"
        try:
            response = requests.get(url, stream=True, timeout=settings.KABINET_TELEGRAM_TIMEOUT)
        except requests.RequestException as exc:
            raise BotApiError(f"download: {type(exc).__name__}: {exc}", retry=True) from exc
        if response.status_code != 200:
            raise BotApiError(f"download: {response.status_code}", retry=True)
        with response:
            yield from response.iter_content(CHUNK)


def _form(params: Mapping[str, Any]) -> dict[str, str]:
    """Multipart fields: Telegram reads nested values (reply markup) as JSON text."""
    return {
        key: value if isinstance(value, str) else json.dumps(value) for key, value in params.items()
    }
