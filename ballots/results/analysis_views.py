"""The analysis of a count (transfers, slates, first preferences beside nominations), its
downloads, and the verification kit's check of an uploaded file.

Who may see it is who may see the count (``permissions.require_see_count``): until a result is
declared, only the returning officers and staff; then every member.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ballots.analysis import flows
from ballots.results import explain, flowcharts, permissions, selectors
from elections import csvfiles
from elections.refusals import Refusal

NO_RESULT = "This count has no result yet: the analysis is made from a finished count."


@login_required
@require_GET
def count_analysis(request, pk):
    count = selectors.count(pk)
    permissions.require_see_count(request.user, count)
    context = {"count": count, "section": count.section}
    if not count.result_json:
        context["refusal"] = NO_RESULT
        return render(request, "ballots/results/analysis.html", context, status=409)
    try:
        a = explain.count_analysis(count)
    except Refusal as refusal:
        context["refusal"] = refusal.message
        return render(request, "ballots/results/analysis.html", context, status=refusal.status_code)
    tables = explain.tables(a)
    stages = [
        {"flow": f, "chart": flowcharts.stage_chart(f, a.places), "rows": _rows_of(tables["transfers"], f.stage),
         "cid": f"stage-chart-{i}", "title": f"Where the votes went at stage {f.stage}",
         "moved": flows.fmt(f.moved, a.places)}
        for i, f in enumerate(a.stage_flows, start=1)
    ]  # fmt: skip
    context.update(
        analysis=a,
        tables={slug.replace("-", "_"): t for slug, t in tables.items()},
        stages=stages,
        slate_chart=flowcharts.slate_chart(a),
    )
    return render(request, "ballots/results/analysis.html", context)


def _rows_of(table: explain.Table, stage: str) -> list[tuple[str, str]]:
    return [(row[2], row[3]) for row in table.rows if row[0] == stage]


@login_required
@require_GET
def analysis_download(request, pk, table, fmt):
    if table not in explain.TABLES or fmt not in ("csv", "json"):
        raise Http404("Analysis tables download as .csv or .json.")
    count = selectors.count(pk)
    permissions.require_see_count(request.user, count)
    if not count.result_json:
        return HttpResponse(NO_RESULT, status=409, content_type="text/plain; charset=utf-8")
    try:
        chosen = explain.tables(explain.count_analysis(count))[table]
    except Refusal as refusal:
        return HttpResponse(refusal.message, status=refusal.status_code, content_type="text/plain; charset=utf-8")
    filename = f"count-{count.pk}-{table}.{fmt}"
    if fmt == "csv":
        return csvfiles.csv_response(filename, [chosen.columns, *chosen.rows])
    response = HttpResponse(
        json.dumps(chosen.as_json(), ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
