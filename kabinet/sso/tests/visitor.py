"""A person's web client for the SSO tests: a real HTTP session (requests) that follows
redirects between Kabinet and the provider and submits the forms it is shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


@dataclass
class _Form:
    action: str
    method: str
    names: set[str] = field(default_factory=set)  # every named control, buttons included
    values: dict[str, str] = field(default_factory=dict)  # what it sends untouched


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[_Form] = []
        self._open: _Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._open = _Form(values.get("action", ""), values.get("method", "get").lower())
            self.forms.append(self._open)
        elif tag in {"input", "button", "textarea", "select"} and self._open and "name" in values:
            self._open.names.add(values["name"])
            if tag == "input" and _sends_as_is(values):
                self._open.values[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def _sends_as_is(values: dict[str, str]) -> bool:
    """Buttons and boxes are sent only when chosen; the test chooses them explicitly."""
    return values.get("type", "text") not in {"submit", "button", "checkbox", "radio"}


class Visitor:
    def __init__(self, language: str = "en") -> None:
        self.http = requests.Session()
        self.http.headers["Accept-Language"] = language

    def get(self, url: str, *, follow: bool = True) -> requests.Response:
        return self.http.get(url, allow_redirects=follow, timeout=30)

    def submit(
        self, page: requests.Response, fields: dict[str, str], *, follow: bool = True
    ) -> requests.Response:
        """Submit the page's first form that has all of ``fields``, filled in over its values."""
        parser = _Forms()
        parser.feed(page.text)
        form = next((f for f in parser.forms if set(fields) <= f.names), None)
        assert form is not None, f"no form with {sorted(fields)} on {page.url}"
        return self.http.request(
            form.method,
            urljoin(page.url, form.action),
            data={**form.values, **fields},
            allow_redirects=follow,
            timeout=30,
        )
