"""Pages for returning officers (load, count, declare) and members (declared results).

Views check who is asking, call a service or selector, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ballots.counting import report as engine_report
from ballots.counting.blt import write_blt
from ballots.results import forms, permissions, selectors, services, sheet
from ballots.results.resultdata import result_from_json
from elections import csvfiles, uploads
from elections.models import Section


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def index(request):
    managed = [s for s in Section.objects.select_related("election") if permissions.can_manage_results(request.user, s)]
    context = {"declared": selectors.declared_counts(), "managed": managed}
    return render(request, "ballots/results/index.html", context)


@login_required
def section_results(request, election_slug, section_slug):
    section = selectors.section_by_slugs(election_slug, section_slug)
    if not permissions.can_manage_results(request.user, section):
        permissions.require_see_declared(request.user)
        declared = selectors.declared_count(section)
        if declared:
            return redirect(declared)
        return render(request, "ballots/results/not_declared.html", {"section": section})
    context = {
        "section": section,
        "ballot_sets": selectors.ballot_sets_of(section),
        "returns": selectors.returns_of(section),
        "counts": selectors.counts_of(section),
        "declared": selectors.declared_count(section),
    }
    return render(request, "ballots/results/section.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ballot_set_upload(request, election_slug, section_slug):
    section = selectors.section_by_slugs(election_slug, section_slug)
    permissions.require_manage(request.user, section, "load ballots")
    services.require_not_declared(section)
    limit = services.upload_limit_bytes()
    report = None
    form = forms.UploadForm()
    if request.method == "POST":
        rule = {"limit": limit, "what": "ballot file", "hint": forms.load_on_server_hint(section.pk)}
        try:
            uploads.check_request_size(request, **rule)  # before Django reads the body
        except uploads.UploadTooLarge as exc:
            context = {"section": section, "form": form, "limit": limit, "too_big": exc.message}
            return render(request, "ballots/results/upload.html", context, status=exc.status_code)
        form = forms.UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                uploads.check_upload_size(upload.size, **rule)
                ballot_set = services.ballot_set_load(
                    section=section, user=request.user, fileobj=upload, filename=upload.name,
                    mapping=form.cleaned_data["mapping"], electorate=form.cleaned_data["electorate"],
                )  # fmt: skip
            except services.BallotFileRejected as exc:
                report = exc.report.as_dict()
            except uploads.UploadTooLarge as exc:
                context = {"section": section, "form": form, "limit": limit, "too_big": exc.message}
                return render(request, "ballots/results/upload.html", context, status=exc.status_code)
            else:
                messages.success(
                    request, f"Loaded {ballot_set.ballots_total:,} ballots from {ballot_set.original_name}."
                )
                return redirect(ballot_set)
    context = {"section": section, "form": form, "report": report, "limit": limit}
    return render(request, "ballots/results/upload.html", context, status=422 if report else 200)


@login_required
def ballot_set_detail(request, pk):
    ballot_set = selectors.ballot_set(pk)
    section = ballot_set.section
    permissions.require_manage(request.user, section, "see ballot sets")
    initial = {"method": section.counting_method, "seats": section.seats, "min_women": section.min_women, "seed": 0}
    context = {
        "ballot_set": ballot_set,
        "section": section,
        "report": ballot_set.report,
        "counts": ballot_set.counts.select_related("run_by").defer("result_json"),
        "form": forms.CountForm(initial=initial),
        "declared": selectors.declared_count(section),
    }
    return render(request, "ballots/results/ballot_set.html", context)


@login_required
@require_GET
def ballot_set_download(request, pk):
    ballot_set = selectors.ballot_set(pk)
    permissions.require_manage(request.user, ballot_set.section, "download ballot files")
    services.audit_record(
        actor=request.user, action="ballot_set.downloaded", section=ballot_set.section, obj=ballot_set
    )
    name = f"ballots-{ballot_set.section.slug}-{ballot_set.sha256[:12]}.blt"
    if ballot_set.format == ballot_set.Format.BLT:  # the file exactly as loaded
        return FileResponse(default_storage.open(ballot_set.file.name, "rb"), as_attachment=True, filename=name)
    election = services.ballot_set_election(ballot_set, ballot_set.section.seats)
    response = HttpResponse(write_blt(election), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def count_create(request, pk):
    ballot_set = selectors.ballot_set(pk)
    form = forms.CountForm(request.POST)
    permissions.require_manage(request.user, ballot_set.section, "run a count")
    if form.is_valid():
        try:
            count = services.count_request(user=request.user, ballot_set=ballot_set, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect(count)
    context = {"ballot_set": ballot_set, "section": ballot_set.section, "report": ballot_set.report, "form": form,
               "counts": ballot_set.counts.defer("result_json")}  # fmt: skip
    return render(request, "ballots/results/ballot_set.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def return_create(request, election_slug, section_slug):
    section = selectors.section_by_slugs(election_slug, section_slug)
    permissions.require_manage(request.user, section, "record a scrutineer's return")
    services.require_not_declared(section)
    candidates = section.candidates.filter(withdrawn=False)
    form = forms.ReturnForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            ret = services.return_record(section=section, user=request.user, votes=form.votes(), **form.figures())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Return recorded: the figures add up.")
            return redirect(ret)
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "ballots/results/return_form.html", {"section": section, "form": form}, status=status)


@login_required
def return_detail(request, pk):
    ret = selectors.ballot_return(pk)
    permissions.require_manage(request.user, ret.section, "see scrutineers' returns")
    context = {"ret": ret, "section": ret.section, "counts": ret.counts.defer("result_json")}
    return render(request, "ballots/results/return.html", context)


@login_required
@require_POST
def return_count(request, pk):
    ret = selectors.ballot_return(pk)
    form = forms.SeedForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["seed"])
        count = services.count_request(user=request.user, ballot_return=ret, seed=form.cleaned_data["seed"] or 0)
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(ret)
    return redirect(count)


@login_required
def count_detail(request, pk):
    count = selectors.count(pk)
    permissions.require_see_count(request.user, count)
    can_manage = permissions.can_manage_results(request.user, count.section)
    context = {"count": count, "section": count.section, "can_manage": can_manage}
    if count.result_json:
        result = result_from_json(count.result_json)
        siblings = selectors.counts_of_source(count) if can_manage else []
        context.update(
            result=result, tables=sheet.stage_tables(result), chart=sheet.chart(result), facts=sheet.facts(count, result),
            phone_chart=sheet.chart(result, sheet.NARROW),
            notes=sheet.quota_notes(result), agreement=selectors.agreement(count, siblings),
            recount_form=forms.RecountForm(initial={"method": count.method, "seats": count.seats,
                                                    "min_women": count.min_women, "seed": count.seed}),
        )  # fmt: skip
    return render(request, "ballots/results/count.html", context)


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
@require_POST
def count_declare(request, pk):
    count = selectors.count(pk)
    services.count_declare(user=request.user, count=count)
    messages.success(request, f"Declared: count {count.pk} is now the result of {count.section}.")
    return redirect(count)


@login_required
@require_POST
def count_recount(request, pk):
    original = selectors.count(pk)
    permissions.require_manage(request.user, original.section, "order a recount")
    form = forms.RecountForm(request.POST)
    if form.is_valid():
        try:
            count = services.count_request(
                user=request.user, ballot_set=original.ballot_set, ballot_return=original.ballot_return,
                recount_of=original, **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(original)
        return redirect(count)
    messages.error(request, "A recount needs a reason. " + " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(original)


@login_required
def audit_log(request):
    permissions.require_staff(request.user, "read the results audit log")
    entries = selectors.audit_entries()[:500]
    return render(request, "ballots/results/audit.html", {"entries": entries})
