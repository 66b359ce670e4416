"""REST endpoints of the SLA report: JSON, CSV and XLSX of the same figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kabinet.api.fields import BoundedDateField
from kabinet.api.requests import person_of, validated
from kabinet.reports import export
from kabinet.reports.access import report_scope
from kabinet.reports.queries import Grouping, Period, ReportRow, sla_report

MAX_PERIOD = dt.timedelta(days=3 * 366)


class PeriodInput(serializers.Serializer[dict[str, Any]]):
    date_from = BoundedDateField(source="start")
    date_to = BoundedDateField(source="end")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a keyword, so the query parameters are declared by name here.
        self.fields["from"] = self.fields.pop("date_from")
        self.fields["to"] = self.fields.pop("date_to")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"to": [_("The period ends before it starts.")]})
        if attrs["end"] - attrs["start"] > MAX_PERIOD:
            raise serializers.ValidationError({"to": [_("The period is at most three years.")]})
        return attrs


class RowOutput(serializers.Serializer[Any]):
    organisation = serializers.SerializerMethodField()
    tickets = serializers.IntegerField()
    reaction = serializers.SerializerMethodField()
    updates = serializers.SerializerMethodField()
    resolution = serializers.SerializerMethodField()
    breaches = serializers.IntegerField()
    mean_reaction_minutes = serializers.FloatField(allow_null=True)
    mean_resolution_minutes = serializers.FloatField(allow_null=True)
    satisfaction = serializers.SerializerMethodField()

    def get_organisation(self, row: ReportRow) -> dict[str, Any]:
        return {"id": row.org_id, "name": row.org_name}

    def get_reaction(self, row: ReportRow) -> dict[str, Any]:
        return _target(row, "reaction")

    def get_updates(self, row: ReportRow) -> dict[str, Any]:
        return _target(row, "update")

    def get_resolution(self, row: ReportRow) -> dict[str, Any]:
        return _target(row, "resolution")

    def get_satisfaction(self, row: ReportRow) -> dict[str, Any]:
        return {"mean": row.rating_mean, "count": row.rating_count}


class ReportOutput(serializers.Serializer[Any]):
    to = serializers.DateField()
    grouping = serializers.ChoiceField(choices=[g.value for g in Grouping])
    rows = RowOutput(many=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = serializers.DateField()  # "from" is a keyword


def _target(row: ReportRow, name: str) -> dict[str, Any]:
    return {
        "measured": getattr(row, f"{name}_measured"),
        "met": getattr(row, f"{name}_met"),
        "breaches": getattr(row, f"{name}_breaches"),
        "compliance": getattr(row, f"{name}_compliance"),
    }


def _report(request: Request) -> tuple[list[ReportRow], Grouping, Period]:
    supplier_ids, grouping = report_scope(person_of(request))
    data = validated(PeriodInput, request.query_params)
    period = Period(start=data["start"], end=data["end"])
    return sla_report(supplier_ids=supplier_ids, period=period, grouping=grouping), grouping, period


class SlaReportApi(APIView):
    @extend_schema(parameters=[PeriodInput], responses=ReportOutput, operation_id="reports_sla")
    def get(self, request: Request) -> Response:
        rows, grouping, period = _report(request)
        report = {"from": period.start, "to": period.end, "grouping": grouping, "rows": rows}
        return Response(ReportOutput(report).data)


class SlaReportCsvApi(APIView):
    @extend_schema(
        parameters=[PeriodInput],
        responses={200: OpenApiTypes.BINARY},
        operation_id="reports_sla_csv",
    )
    def get(self, request: Request) -> HttpResponse:
        rows, grouping, period = _report(request)
        return _download(export.to_csv(rows, grouping), "text/csv; charset=utf-8", period, "csv")


class SlaReportXlsxApi(APIView):
    @extend_schema(
        parameters=[PeriodInput],
        responses={200: OpenApiTypes.BINARY},
        operation_id="reports_sla_xlsx",
    )
    def get(self, request: Request) -> HttpResponse:
        rows, grouping, period = _report(request)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(export.to_xlsx(rows, grouping, period), content_type, period, "xlsx")


def _download(body: bytes, content_type: str, period: Period, suffix: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    name = f"sla-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
