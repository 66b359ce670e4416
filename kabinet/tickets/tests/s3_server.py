"""A local S3-compatible server for the tests: moto's server mode in a process of its own
(so its memory is not the test's), on a free port, with a bucket made through the real API;
and the settings that point the attachment store at it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import boto3
import pytest
from django.conf import LazySettings

from kabinet.settings import storage_from_url

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "kabinet-test", "AWS_SECRET_ACCESS_KEY": "kabinet-test-secret"}


@dataclass(frozen=True)
class S3Server:
    endpoint: str

    def client(self) -> object:
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1")

    def url(self, bucket: str, prefix: str = "attachments") -> str:
        return f"s3://{bucket}/{prefix}?endpoint={self.endpoint}&region=us-east-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_s3_server() -> Iterator[S3Server]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        yield S3Server(endpoint=f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    saved = {name: os.environ.get(name) for name in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    try:
        with running_s3_server() as server:
            yield server
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def s3_bucket(s3_server: S3Server, settings: LazySettings) -> str:
    """A new bucket for the test, and the attachment store on it."""
    bucket = f"kabinet-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=bucket)  # type: ignore[attr-defined]
    _, entry = storage_from_url(s3_server.url(bucket))
    settings.STORAGES = {**settings.STORAGES, "attachments": entry}
    return bucket
