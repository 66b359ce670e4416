"""Deployment is safe by default: the development secret key refuses to start with DEBUG
off, and the production environment documented in README.md passes ``check --deploy``."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kabinet.deployment import DEVELOPMENT_SECRET_KEY, refuse_development_secret
from kabinet.settings import env_header

ROOT = Path(__file__).resolve().parents[2]
REFUSAL = "SECRET_KEY is the development key that ships with Kabinet, and DEBUG is off."


def _run(code: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DJANGO_"))
        and key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    full = {**base, "PYTHONPATH": str(ROOT), "KABINET_DATA_DIR": str(cwd), **env}
    return subprocess.run(
        [sys.executable, *code], env=full, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def documented_production_env() -> dict[str, str]:
    """The ``NAME=value`` lines of README.md's production block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- production-env -->\n```env\n(.*?)\n```", readme, re.DOTALL)
    assert block is not None, "README.md lost its production-env block"
    return dict(line.split("=", 1) for line in block.group(1).splitlines())


def test_the_development_key_refuses_to_start_with_debug_off() -> None:
    with pytest.raises(ImproperlyConfigured) as refusal:
        refuse_development_secret(debug=False, secret_key=DEVELOPMENT_SECRET_KEY, fallbacks=[])
    assert str(refusal.value).startswith(REFUSAL)


def test_the_development_key_as_a_fallback_is_refused_too() -> None:
    with pytest.raises(ImproperlyConfigured):
        refuse_development_secret(
            debug=False, secret_key=secrets.token_urlsafe(50), fallbacks=[DEVELOPMENT_SECRET_KEY]
        )


def test_the_development_key_serves_with_debug_on() -> None:
    refuse_development_secret(debug=True, secret_key=DEVELOPMENT_SECRET_KEY, fallbacks=[])


def test_an_own_key_serves_with_debug_off() -> None:
    refuse_development_secret(debug=False, secret_key=secrets.token_urlsafe(50), fallbacks=[])


@pytest.mark.parametrize(
    "entry",
    [
        ["-m", "kabinet", "check"],
        ["-c", "import kabinet.wsgi"],
        ["-c", "import kabinet.asgi"],
        [
            "-c",
            "from kabinet.celery import app; app.loader.init_worker(); "
            "from celery import signals; signals.celeryd_init.send(sender=None)",
        ],
    ],
    ids=["command-line", "wsgi", "asgi", "worker"],
)
def test_every_entry_point_refuses_the_development_key_without_debug(
    tmp_path: Path, entry: list[str]
) -> None:
    done = _run(entry, {}, tmp_path)
    assert done.returncode != 0
    assert f"ImproperlyConfigured: {REFUSAL}" in done.stderr


def test_the_command_line_runs_on_the_development_key_with_debug_on(tmp_path: Path) -> None:
    done = _run(["-m", "kabinet", "check"], {"DEBUG": "1"}, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout


def test_the_documented_production_settings_pass_the_deploy_checks(tmp_path: Path) -> None:
    env = documented_production_env()
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    # The checks open the database once (JSON field support); a local file stands in.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'kabinet.sqlite3'}"
    done = _run(["-m", "kabinet", "check", "--deploy", "--fail-level", "DEBUG"], env, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    # On SQLite the one silenced check is the covering index it builds without its extra
    # columns (settings.SILENCED_SYSTEM_CHECKS); nothing else may be silenced.
    assert re.fullmatch(
        r"System check identified no issues \(\d+ silenced\)\.", done.stdout.strip()
    )
    assert set(settings.SILENCED_SYSTEM_CHECKS) <= {"models.W040"}


def test_the_proxy_header_reads_as_django_wants_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", " X-Forwarded-Proto: https ")
    assert env_header("SECURE_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO:https")
    assert env_header("SECURE_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "")
    assert env_header("SECURE_PROXY_SSL_HEADER") is None


@pytest.mark.parametrize("raw", ["https", "X-Forwarded-Proto:", ": https", "X Proto: https"])
def test_a_malformed_proxy_header_is_refused(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", raw)
    with pytest.raises(ImproperlyConfigured) as refusal:
        env_header("SECURE_PROXY_SSL_HEADER")
    assert str(refusal.value) == (
        f"SECURE_PROXY_SSL_HEADER={raw.strip()!r}: expected a header and its value, "
        "e.g. 'X-Forwarded-Proto: https'"
    )
