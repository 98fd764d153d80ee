"""The result sheet and what is done from it: its status and downloads, declaring (two steps),
ordering a recount, and running a failed count again.

A business-rule refusal stays on the page acted on (the sheet, or the declaration's confirmation
page), shown beside the control that was used, with its 409 or 422.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ballots.counting import report as engine_report
from ballots.results import forms, permissions, selectors, services, sheet, verification
from ballots.results.resultdata import result_from_json
from elections import csvfiles
from elections.refusals import Refusal


@login_required
def count_detail(request, pk):
    count = selectors.count(pk)
    permissions.require_see_count(request.user, count)
    return render(request, "ballots/results/count.html", _sheet_context(request, count))


def _sheet_context(request, count, recount_form=None, verify=None, **refusals) -> dict:
    """Everything the result sheet shows; ``refusals`` puts a reason beside the control refused;
    ``verify`` is the verification kit's answer about a file a member checked."""
    can_manage = permissions.can_manage_results(request.user, count.section)
    context = {
        "count": count, "section": count.section, "can_manage": can_manage, "refusals": refusals,
        "kit": verification.kit_for(count) if verification.available(count) else None, "verify": verify or {},
        "verify_form": forms.VerifyFileForm(),
        "comparisons": selectors.comparisons_of(count) if count.is_declared or can_manage else [],
        "interruptions": sheet.interruption_note(count),
        "chain": selectors.declaration_chain(count.section) if count.is_declared or can_manage else [],
    }  # fmt: skip
    if not count.result_json:
        return context
    result = result_from_json(count.result_json)
    context.update(
        result=result, tables=sheet.stage_tables(result), chart=sheet.chart(result), facts=sheet.facts(count, result),
        phone_chart=sheet.chart(result, sheet.NARROW), notes=sheet.quota_notes(result),
    )  # fmt: skip
    if can_manage:
        source = count.ballot_set or count.ballot_return
        context.update(
            agreement=selectors.agreement(count, selectors.counts_of_source(count)),
            declare_refusals=[r.message for r in services.declaration_refusals(count)],
            recount_refusals=[r.message for r in services.count_refusals(source, recount_of=count)],
            recount_form=recount_form or forms.RecountForm(initial={
                "method": count.method, "seats": count.seats, "min_women": count.min_women, "seed": count.seed,
            }),
        )  # fmt: skip
    return context


@login_required
def count_status(request, pk):
    count = selectors.count(pk)
    permissions.require_see_count(request.user, count)
    data = {
        "status": count.status,
        "progress": count.progress,
        "progress_text": count.progress_text,
        "error": count.error,
    }
    return JsonResponse(data)


DOWNLOADS = {"csv": "text/csv", "json": "application/json", "txt": "text/plain"}


@login_required
@require_GET
def count_download(request, pk, fmt):
    if fmt not in DOWNLOADS:
        raise Http404("Results download as .csv, .json or .txt.")
    count = selectors.count(pk)
    permissions.require_see_count(request.user, count)
    if not count.result_json:
        return HttpResponse("This count has no result yet.", status=409, content_type="text/plain")
    if fmt == "json":
        body = count.result_json  # stored as the engine wrote it
    else:
        body = engine_report.render(result_from_json(count.result_json), "csv" if fmt == "csv" else "text")
        body = csvfiles.rewrite_safely(body) if fmt == "csv" else body  # names are the candidates' own words
    services.audit_record(
        actor=request.user, action="count.downloaded", section=count.section, obj=count, details={"format": fmt}
    )
    response = HttpResponse(body, content_type=f"{DOWNLOADS[fmt]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="count-{count.pk}-{count.section.slug}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def count_declare(request, pk):
    """Step one (GET): what declaring would do, and a form echoing the result's SHA-256. Step two
    (POST of that form): declare. Nothing is declared by a single click from the sheet."""
    count = selectors.count(pk)
    permissions.require_manage(request.user, count.section, "declare a result")
    form = forms.DeclareForm(request.POST or None, initial={"confirm": count.result_sha256})
    context = {"count": count, "section": count.section, "form": form, "preview": services.declaration_preview(count)}
    if request.method == "GET":
        return render(request, "ballots/results/declare.html", context)
    if not form.is_valid():
        return render(request, "ballots/results/declare.html", context, status=422)
    try:
        services.count_declare(user=request.user, count=count, **form.cleaned_data)
    except Refusal as exc:
        context["refusal"] = exc.message
        return render(request, "ballots/results/declare.html", context, status=exc.status_code)
    messages.success(request, f"Declared: count {count.pk} is now the result of {count.section}.")
    return redirect(count)


@login_required
@require_POST
def count_recount(request, pk):
    original = selectors.count(pk)
    permissions.require_manage(request.user, original.section, "order a recount")
    form = forms.RecountForm(request.POST)
    refusal, status = "", 422
    if form.is_valid():
        try:
            count = services.count_request(
                user=request.user, ballot_set=original.ballot_set, ballot_return=original.ballot_return,
                recount_of=original, **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
        except Refusal as exc:
            refusal, status = exc.message, exc.status_code
        else:
            return redirect(count)
    context = _sheet_context(request, original, recount_form=form, recount=refusal)
    return render(request, "ballots/results/count.html", context, status=status)


@login_required
@require_POST
def count_rerun(request, pk):
    count = selectors.count(pk)
    try:
        new = services.count_rerun(user=request.user, count=count)
    except Refusal as exc:
        context = _sheet_context(request, count, rerun=exc.message)
        return render(request, "ballots/results/count.html", context, status=exc.status_code)
    return redirect(new)
