"""The settings' env helpers refuse malformed values, and reading settings creates nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.core.exceptions import ImproperlyConfigured

from kabinet.celery import create_folders
from kabinet.settings import database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " on "])
def test_env_bool_reads_the_true_words(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("KABINET_FLAG", raw)
    assert env_bool("KABINET_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "OFF"])
def test_env_bool_reads_the_false_words(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("KABINET_FLAG", raw)
    assert env_bool("KABINET_FLAG", True) is False


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_env_bool_unset_or_empty_is_the_default(
    monkeypatch: pytest.MonkeyPatch, raw: str | None
) -> None:
    if raw is None:
        monkeypatch.delenv("KABINET_FLAG", raising=False)
    else:
        monkeypatch.setenv("KABINET_FLAG", raw)
    assert env_bool("KABINET_FLAG", True) is True
    assert env_bool("KABINET_FLAG", False) is False


def test_env_bool_refuses_a_typo_naming_the_variable_and_the_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KABINET_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured) as refusal:
        env_bool("KABINET_FLAG", False)
    assert str(refusal.value) == (
        "KABINET_FLAG='ture': expected one of 1, true, yes, on, 0, false, no, off"
    )


def test_env_int_reads_a_whole_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KABINET_NUMBER", " 42 ")
    assert env_int("KABINET_NUMBER", 7) == 42


@pytest.mark.parametrize("raw", [None, ""])
def test_env_int_unset_or_empty_is_the_default(
    monkeypatch: pytest.MonkeyPatch, raw: str | None
) -> None:
    if raw is None:
        monkeypatch.delenv("KABINET_NUMBER", raising=False)
    else:
        monkeypatch.setenv("KABINET_NUMBER", raw)
    assert env_int("KABINET_NUMBER", 7) == 7


@pytest.mark.parametrize("raw", ["ten", "4.5", "1e3"])
def test_env_int_refuses_what_is_not_a_whole_number(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("KABINET_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured) as refusal:
        env_int("KABINET_NUMBER", 7)
    assert str(refusal.value) == f"KABINET_NUMBER={raw!r}: expected a whole number"


def test_an_unknown_database_scheme_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured) as refusal:
        database_from_url("mysql://db/kabinet", tmp_path)
    assert str(refusal.value) == (
        "DATABASE_URL: unsupported scheme 'mysql'; expected sqlite:// or postgres://"
    )


def test_reading_settings_and_setting_up_django_creates_no_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kabinet.settings",
        "KABINET_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)  # the filesystem broker is the one with folders
    code = "import django; django.setup(); import kabinet.celery"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, check=True)
    assert list(tmp_path.iterdir()) == []


def test_a_starting_worker_or_beat_creates_its_folders(
    settings: LazySettings, tmp_path: Path
) -> None:
    broker = tmp_path / "broker"
    settings.CELERY_BEAT_SCHEDULE_FILENAME = str(tmp_path / "beat" / "celerybeat-schedule")
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(broker / "queue"),
        "data_folder_out": str(broker / "queue"),
        "control_folder": str(broker / "control"),
    }
    create_folders()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "beat",
        "broker",
        "broker/control",
        "broker/queue",
    ]
