"""REST endpoint for a count's analysis: the same tables as the page and its downloads, with the
same check of who may see the count (undeclared counts only for the returning officers and staff)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ballots.results import explain, permissions, selectors, services
from ballots.results.analysis_views import NO_RESULT
from elections.api_schema import errors_for
from elections.refusals import Conflict


class AnalysisTableOut(serializers.Serializer):
    table = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class CountAnalysisOut(serializers.Serializer):
    count = serializers.IntegerField()
    declared = serializers.BooleanField()
    method = serializers.CharField()
    tables = serializers.DictField(child=AnalysisTableOut())


class CountAnalysis(APIView):
    @extend_schema(responses={200: CountAnalysisOut, **errors_for(409)})
    def get(self, request, pk):
        count = selectors.count(pk)
        permissions.require_see_count(request.user, count)
        if not count.result_json:
            raise Conflict(NO_RESULT, code="no_result")
        tables = explain.tables(explain.count_analysis(count))
        return Response({
            "count": count.pk, "declared": count.is_declared, "method": count.method,
            "tables": {slug: t.as_json() for slug, t in tables.items()},
        })  # fmt: skip


class ComparisonOut(serializers.Serializer):
    id = serializers.IntegerField()
    analysis = serializers.BooleanField(help_text="Always true: a rule comparison is an analysis, never a result.")
    status = serializers.CharField()
    progress = serializers.IntegerField()
    progress_text = serializers.CharField()
    error = serializers.CharField()
    count = serializers.IntegerField(allow_null=True)
    methods = serializers.ListField(child=serializers.CharField())
    seats = serializers.IntegerField()
    min_women = serializers.IntegerField()
    seed = serializers.IntegerField()
    input_sha256 = serializers.CharField()
    engine_version = serializers.CharField()
    result_sha256 = serializers.CharField()
    comparison = serializers.DictField(allow_null=True, help_text="Who each rule elects, who differs, where they part.")


def _comparison_out(c) -> dict:
    data = services.comparison_data(c)
    return {
        "id": c.pk, "analysis": True, "status": c.status, "progress": c.progress, "progress_text": c.progress_text,
        "error": c.error, "count": c.count_id, "methods": c.methods, "seats": c.seats, "min_women": c.min_women,
        "seed": c.seed, "input_sha256": c.input_sha256, "engine_version": c.engine_version,
        "result_sha256": c.result_sha256, "comparison": data.get("comparison"),
    }  # fmt: skip


class CountCompare(APIView):
    @extend_schema(request=None, responses={202: ComparisonOut, **errors_for(409, 422)})
    def post(self, request, pk):
        count = selectors.count(pk)
        comparison = services.comparison_request(user=request.user, count=count)
        return Response(_comparison_out(comparison), status=202)


class ComparisonDetail(APIView):
    @extend_schema(responses={200: ComparisonOut})
    def get(self, request, pk):
        comparison = selectors.comparison(pk)
        permissions.require_see_comparison(request.user, comparison)
        return Response(_comparison_out(comparison))


class RevealOut(serializers.Serializer):
    shown = serializers.IntegerField()
    total = serializers.IntegerField()
    done = serializers.BooleanField()
    elected = serializers.ListField(child=serializers.CharField())


class CountReveal(APIView):
    """Reveal the next stage of a declared result to the live results page (returning officers)."""

    @extend_schema(request=None, responses={200: RevealOut, **errors_for(409)})
    def post(self, request, pk):
        event = services.reveal_advance(user=request.user, count=selectors.count(pk))
        return Response({k: event[k] for k in ("shown", "total", "done", "elected")})
