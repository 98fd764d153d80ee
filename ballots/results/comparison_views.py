"""Rule comparisons (an analysis, never a result): asked for from a count's sheet, run by the
count worker, read on their own page, which says at the top that they are not a result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ballots.analysis import sensitivity
from ballots.results import count_views, permissions, selectors, services
from ballots.results.models import RuleComparison
from ballots.results.sheet import ordinal
from elections.refusals import Refusal


@login_required
@require_POST
def comparison_create(request, pk):
    count = selectors.count(pk)
    try:
        comparison = services.comparison_request(user=request.user, count=count)
    except Refusal as exc:
        context = count_views._sheet_context(request, count, compare=exc.message)
        return render(request, "ballots/results/count.html", context, status=exc.status_code)
    return redirect(comparison)


def _comparison(pk) -> RuleComparison:
    return selectors.comparison(pk)


@login_required
@require_GET
def comparison_detail(request, pk):
    comparison = _comparison(pk)
    permissions.require_see_comparison(request.user, comparison)
    context = {"comparison": comparison, "section": comparison.section,
               "declared": selectors.declared_count(comparison.section)}  # fmt: skip
    data = services.comparison_data(comparison)
    if data:
        context.update(side_by_side(data["comparison"], comparison.ballot_set))
    return render(request, "ballots/results/comparison.html", context)


@login_required
@require_GET
def comparison_status(request, pk):
    comparison = _comparison(pk)
    permissions.require_see_comparison(request.user, comparison)
    return JsonResponse({"status": comparison.status, "progress": comparison.progress,
                         "progress_text": comparison.progress_text, "error": comparison.error})  # fmt: skip


def side_by_side(summary: dict, ballot_set) -> dict:
    """Rows per candidate with each rule's outcome, and a sentence per rule on where it parts."""
    outcomes = summary["outcomes"]
    names = [row[2] for row in ballot_set.candidate_map]
    rules = [{"method": o["method"], "name": sensitivity.NAMES.get(o["method"], o["method"]), "error": o["error"],
              "stages": o["stages"]} for o in outcomes]  # fmt: skip
    rows = []
    for name in names:
        cells = []
        for o, rule in zip(outcomes, rules, strict=True):
            elected = list(o["elected"])
            text = (
                "—"
                if o["error"]
                else f"Elected {ordinal(elected.index(name) + 1)}"
                if name in elected
                else "Not elected"
            )
            cells.append({"rule": rule["name"], "text": text})
        rows.append({"name": name, "cells": cells, "differs": name in summary["differs"]})
    reference = sensitivity.NAMES.get(summary["reference"], summary["reference"])
    parting = []
    for d in summary["divergences"]:
        rule = sensitivity.NAMES.get(d["method"], d["method"])
        if d["step"] is None:
            parting.append(f"{rule} takes the same decisions as {reference}, in the same order.")
        else:
            parting.append(
                f"{rule} parts from {reference} at its decision {d['step'] + 1}: {d['here'] or 'nothing more'} "
                f"under {rule}, where {reference} has {d['reference'] or 'nothing more'}."
            )
    return {"rules": rules, "rows": rows, "parting": parting, "reference_name": reference,
            "differs": summary["differs"]}  # fmt: skip
