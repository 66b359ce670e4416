"""gunicorn settings for Kabinet's web processes (Containerfile, docs/deploy.md)."""

import os

bind = os.environ.get("KABINET_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
accesslog = "-"


def child_exit(server: object, worker: object) -> None:
    """A dead worker's request histograms leave the multi-process metrics directory."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
