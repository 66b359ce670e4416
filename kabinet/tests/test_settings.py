"""The settings' env helpers refuse malformed values, and reading settings creates nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kabinet.celery import app, create_beat_folders, create_worker_folders
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


@pytest.fixture
def celery_folders(tmp_path: Path) -> Iterator[Path]:
    """The Celery app configured with the filesystem broker and beat schedule under
    ``tmp_path``, restored afterwards."""
    saved = (app.conf.broker_transport_options, app.conf.beat_schedule_filename)
    broker = tmp_path / "broker"
    app.conf.update(
        broker_transport_options={
            "data_folder_in": str(broker / "queue"),
            "data_folder_out": str(broker / "queue"),
            "control_folder": str(broker / "control"),
        },
        beat_schedule_filename=str(tmp_path / "beat" / "celerybeat-schedule"),
    )
    yield tmp_path
    app.conf.update(broker_transport_options=saved[0], beat_schedule_filename=saved[1])


def _tree(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*"))


def test_a_starting_worker_creates_the_broker_folders(celery_folders: Path) -> None:
    create_worker_folders()
    assert _tree(celery_folders) == ["broker", "broker/control", "broker/queue"]


def test_a_starting_beat_creates_the_broker_and_schedule_folders(celery_folders: Path) -> None:
    create_beat_folders()
    assert _tree(celery_folders) == ["beat", "broker", "broker/control", "broker/queue"]
