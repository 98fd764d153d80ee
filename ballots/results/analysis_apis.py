"""REST endpoint for a count's analysis: the same tables as the page and its downloads, with the
same check of who may see the count (undeclared counts only for the returning officers and staff)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ballots.results import explain, permissions, selectors
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
