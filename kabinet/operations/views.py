"""The probes and the scrape: unauthenticated /healthz and /readyz for load balancers and
orchestrators (no session, no tenant data: names of checks and their state only), and
/metrics for Prometheus behind ``KABINET_METRICS_TOKEN``."""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from kabinet import clock
from kabinet.operations import metrics, readiness

log = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process lives and answers; touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = readiness.run_checks(clock.now())
    ready = all(check.ok for check in checks)
    body = {
        "status": "ready" if ready else "unready",
        "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in checks},
    }
    response = JsonResponse(body, status=200 if ready else 503)
    if not ready:
        log.warning("not ready: %s", ", ".join(c.name for c in checks if not c.ok))
        # Said once above as a warning: a probe every few seconds while a worker starts is
        # not an error for Django's request log to repeat with a traceback-level entry.
        response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    token = settings.KABINET_METRICS_TOKEN
    if not token:
        raise Http404(_("Metrics are off: set KABINET_METRICS_TOKEN to turn them on."))
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        response = JsonResponse(
            {"detail": _("The metrics need the token: Authorization: Bearer <token>.")},
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
