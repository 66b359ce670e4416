"""The audit trail's page and its CSV export, for organisation admins: the records of the
organisations they administer and, down the chain of who set whom up (``managed_by``), the
vendor's partners and those partners' customers (``orgs.access.audit_organisation_ids``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kabinet.audit.models import AuditRecord
from kabinet.audit.queries import filtered
from kabinet.cabinets.forms.people import AuditFilterForm
from kabinet.cabinets.views.common import person_of
from kabinet.orgs.access import audit_organisation_ids
from kabinet.orgs.models import Person
from kabinet.reports.export import CSV_DELIMITER, formula_like

# What the actions call themselves in the trail, as a person reads it; an action not named
# here (another app's) shows its code.
ACTION_LABELS = {
    "role.granted": gettext_lazy("role granted"),
    "role.revoked": gettext_lazy("role revoked"),
    "person.invited": gettext_lazy("person invited"),
    "person.joined": gettext_lazy("invitation accepted"),
    "person.deactivated": gettext_lazy("person deactivated"),
    "certificate.added": gettext_lazy("certificate added"),
    "certificate.changed": gettext_lazy("certificate changed"),
    "certificate.removed": gettext_lazy("certificate removed"),
    "partner_status.added": gettext_lazy("partner status added"),
    "partner_status.ended": gettext_lazy("partner status ended"),
    "organisation.created": gettext_lazy("organisation added"),
    "organisation.group_changed": gettext_lazy("company group changed"),
    "duty_group.created": gettext_lazy("duty group created"),
    "duty_group.changed": gettext_lazy("duty group changed"),
    "duty_group.removed": gettext_lazy("duty group removed"),
    "alerting_rules.changed": gettext_lazy("rules of telling changed"),
}
PAGE_SIZE = 100


def _scope(request: HttpRequest) -> QuerySet[AuditRecord]:
    ids = audit_organisation_ids(person_of(request))
    if not ids:
        raise Http404
    return AuditRecord.objects.filter(organisation_id__in=ids)


def _form(request: HttpRequest, records: QuerySet[AuditRecord]) -> AuditFilterForm:
    codes = sorted(set(records.values_list("action", flat=True).distinct()))
    actors = Person.objects.filter(pk__in=records.exclude(actor=None).values("actor_id")).order_by(
        "full_name", "username"
    )
    return AuditFilterForm(
        request.GET or None,
        actions=[(code, str(ACTION_LABELS.get(code, code))) for code in codes],
        people=actors,
    )


def _chosen(form: AuditFilterForm, records: QuerySet[AuditRecord]) -> QuerySet[AuditRecord]:
    if not form.is_bound:
        return filtered(records)
    if not form.is_valid():
        return records.none()
    data = form.cleaned_data
    zone = timezone.get_current_timezone()
    since = _start_of(data["since"], zone)
    until = _start_of(data["until"] + dt.timedelta(days=1), zone) if data["until"] else None
    return filtered(
        records,
        action=data["action"] or "",
        actor_id=data["actor"].pk if data["actor"] else None,
        since=since,
        until=until,
    )


def _start_of(day: dt.date | None, zone: Any) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(str(zone)))


def _change(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in values.items())


@login_required
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    records = _scope(request)
    form = _form(request, records)
    chosen = _chosen(form, records).select_related("organisation")
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (r, str(ACTION_LABELS.get(r.action, r.action)), _change(r.before), _change(r.after))
        for r in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "rows": rows, "page": page, "query": query.urlencode()}
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "cabinets/audit/list.html", context, status=status)


@login_required
@require_GET
def audit_csv(request: HttpRequest) -> HttpResponse:
    """The filtered records as CSV (UTF-8 with BOM, ";"), text that a spreadsheet would
    take for a formula written as text (the reports' rule)."""
    records = _scope(request)
    form = _form(request, records)
    if form.is_bound and not form.is_valid():
        return audit(request)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(
        [
            _("When"),
            _("Who"),
            _("Address"),
            _("Organisation"),
            _("Action"),
            _("Object"),
            _("Before"),
            _("After"),
        ]
    )
    zone = timezone.get_current_timezone()
    for r in _chosen(form, records).select_related("organisation").iterator():
        values = [
            r.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
            str(r.actor) if r.actor else _("system"),
            r.address or "",
            str(r.organisation) if r.organisation else "",
            str(ACTION_LABELS.get(r.action, r.action)),
            r.target_label,
            _change(r.before),
            _change(r.after),
        ]
        writer.writerow([f"'{v}" if formula_like(v) else v for v in values])
    response = HttpResponse(
        out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response
