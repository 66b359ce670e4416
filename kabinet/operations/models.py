"""The last run of each Celery task by name: what /readyz and the metrics read to tell that
the SLA scan (or the mail intake) has fallen behind. One row per task name, overwritten."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    task = models.CharField(max_length=200, primary_key=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    duration_seconds = models.FloatField()
    succeeded = models.BooleanField()
    runs = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.task} at {self.finished_at.isoformat()}"
