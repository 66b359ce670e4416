"""Prometheus metrics. Request latency by view is a histogram kept in each process (in
gunicorn, in ``PROMETHEUS_MULTIPROC_DIR`` so one scrape sees every worker process); the rest
is computed from the database at scrape, so it is the same whichever process answers: SLA
scan lag and duration, tickets due but unprocessed, outbox depth and oldest age, deliveries
retrying and failed, each periodic task's lag (the mail intake's, where that app runs),
SLA warnings and breaches recorded, the deadline recomputes waiting and the last one's
duration."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator

from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import REGISTRY, Collector

from kabinet import clock
from kabinet.celery import app
from kabinet.notifications.models import Delivery
from kabinet.operations import heartbeats
from kabinet.operations.models import Heartbeat
from kabinet.tickets.models import DeadlineRecompute, OutboxMessage, SlaAlert, Ticket

REQUEST_SECONDS = Histogram(
    "kabinet_request_duration_seconds",
    "Time to answer a request, by view and method.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
MAIL_QUEUE = "mail"


class RequestLatencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        # The view's route name, never the path: ids in paths would make a series per ticket.
        view = (match.view_name or match._func_path) if match else "unresolved"
        REQUEST_SECONDS.labels(view=view, method=request.method or "").observe(
            time.perf_counter() - started
        )
        return response


def mail_intake_tasks() -> list[str]:
    """The tasks routed to the mail queue (the mail intake's poller), if that app is there."""
    routes = app.conf.task_routes or {}
    if not isinstance(routes, dict):
        return []
    return [name for name, route in routes.items() if route.get("queue") == MAIL_QUEUE]


class DatabaseCollector(Collector):
    """Gauges read from the database at each scrape."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def _age(self, moment: dt.datetime | None) -> float:
        return max(0.0, (self.now - moment).total_seconds()) if moment else 0.0

    def collect(self) -> Iterator[Metric]:
        yield from self._scan()
        yield from self._outbox()
        yield from self._periodic()
        yield from self._recompute()
        alerts = CounterMetricFamily(
            "kabinet_sla_alerts_recorded", "SLA warnings and breaches recorded.", labels=["kind"]
        )
        for row in SlaAlert.objects.values("kind").annotate(n=Count("id")).order_by("kind"):
            alerts.add_metric([row["kind"]], row["n"])
        yield alerts

    def _scan(self) -> Iterator[Metric]:
        last = heartbeats.last_run(heartbeats.SLA_SCAN)
        if last is not None:
            yield GaugeMetricFamily(
                "kabinet_sla_scan_lag_seconds",
                "Seconds since the SLA scan last finished.",
                value=self._age(last.finished_at),
            )
            yield GaugeMetricFamily(
                "kabinet_sla_scan_duration_seconds",
                "How long the last SLA scan took.",
                value=last.duration_seconds,
            )
        due = Ticket.objects.filter(next_sla_event_at__lte=self.now)
        oldest = due.aggregate(oldest=Min("next_sla_event_at"))["oldest"]
        yield GaugeMetricFamily(
            "kabinet_sla_due_unprocessed",
            "Tickets whose next SLA event has come and is not yet processed.",
            value=due.count(),
        )
        yield GaugeMetricFamily(
            "kabinet_sla_due_oldest_age_seconds",
            "Seconds the oldest unprocessed SLA event has waited.",
            value=self._age(oldest),
        )

    def _outbox(self) -> Iterator[Metric]:
        pending = OutboxMessage.objects.filter(sent_at__isnull=True)
        oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
        yield GaugeMetricFamily(
            "kabinet_outbox_depth", "Outbox messages not yet expanded.", value=pending.count()
        )
        yield GaugeMetricFamily(
            "kabinet_outbox_oldest_age_seconds",
            "Seconds the oldest unexpanded outbox message has waited.",
            value=self._age(oldest),
        )
        unsent = Delivery.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
        yield GaugeMetricFamily(
            "kabinet_deliveries_retrying",
            "Deliveries whose last attempt failed and that will be tried again.",
            value=unsent.filter(last_attempt_failed_at__isnull=False).count(),
        )
        yield CounterMetricFamily(
            "kabinet_delivery_failures",
            "Deliveries given up after their last attempt.",
            value=Delivery.objects.filter(failed_at__isnull=False).count(),
        )

    def _periodic(self) -> Iterator[Metric]:
        lag = GaugeMetricFamily(
            "kabinet_task_lag_seconds", "Seconds since each task last finished.", labels=["task"]
        )
        runs = list(Heartbeat.objects.order_by("task"))
        for run in runs:
            lag.add_metric([run.task], self._age(run.finished_at))
        yield lag
        intake = [run for run in runs if run.task in mail_intake_tasks()]
        if intake:
            yield GaugeMetricFamily(
                "kabinet_mail_intake_lag_seconds",
                "Seconds since the mail intake last finished a poll.",
                value=min(self._age(run.finished_at) for run in intake),
            )

    def _recompute(self) -> Iterator[Metric]:
        """Lag: how long the oldest unfinished recompute has waited since its change was
        committed (0 when none waits); duration: the last finished run's."""
        pending = DeadlineRecompute.objects.filter(finished_at__isnull=True)
        oldest = pending.aggregate(oldest=Min("requested_at"))["oldest"]
        yield GaugeMetricFamily(
            "kabinet_recompute_pending",
            "Deadline recomputes queued or running, not yet finished.",
            value=pending.count(),
        )
        yield GaugeMetricFamily(
            "kabinet_recompute_lag_seconds",
            "Seconds the oldest unfinished deadline recompute has waited.",
            value=self._age(oldest),
        )
        last = (
            DeadlineRecompute.objects.filter(finished_at__isnull=False, started_at__isnull=False)
            .order_by("-finished_at")
            .values_list("started_at", "finished_at", "tickets")
            .first()
        )
        if last is not None:
            started, finished, tickets = last
            assert started is not None and finished is not None  # filtered above
            yield GaugeMetricFamily(
                "kabinet_recompute_duration_seconds",
                "How long the last deadline recompute took.",
                value=(finished - started).total_seconds(),
            )
            yield GaugeMetricFamily(
                "kabinet_recompute_tickets",
                "Open tickets the last deadline recompute went through.",
                value=tickets,
            )


def exposition() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_ProcessMetrics())
    registry.register(DatabaseCollector(clock.now()))
    return generate_latest(registry)


class _ProcessMetrics(Collector):
    """This process's own metrics (a single-process server)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()
