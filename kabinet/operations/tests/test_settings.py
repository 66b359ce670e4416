"""The operations settings read from the environment: the storage URL and the log format
refuse what they cannot mean instead of falling back silently."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kabinet.settings import storage_from_url


def test_no_storage_url_is_the_data_folder() -> None:
    assert storage_from_url("") == (None, None)


def test_a_file_url_is_a_shared_folder() -> None:
    assert storage_from_url("file:///srv/shared/attachments") == (
        Path("/srv/shared/attachments"),
        None,
    )


def test_an_s3_url_names_bucket_prefix_endpoint_and_region() -> None:
    folder, entry = storage_from_url(
        "s3://kabinet-files/prod/attachments?endpoint=https://s3.example.com&region=ru-1"
    )
    assert folder is None
    assert entry is not None
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    options = entry["OPTIONS"]
    assert options["bucket_name"] == "kabinet-files"
    assert options["location"] == "prod/attachments"
    assert options["endpoint_url"] == "https://s3.example.com"
    assert options["region_name"] == "ru-1"
    assert options["default_acl"] is None


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.example.com/attachments",
        "file://relative/path",
        "s3:///no-bucket",
        "s3://bucket?endpont=https://typo.example.com",
        "/srv/attachments",
    ],
)
def test_a_storage_url_that_means_nothing_is_refused(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="KABINET_STORAGE_URL"):
        storage_from_url(url)


def test_an_unknown_log_format_stops_the_start() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import kabinet.settings"],
        env={"KABINET_LOG_FORMAT": "jsno", "PATH": "/usr/bin:/bin", "PYTHONPATH": "."},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "KABINET_LOG_FORMAT='jsno': expected text or json" in done.stderr
