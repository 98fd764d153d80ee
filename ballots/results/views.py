"""Pages for returning officers (load ballots, record returns, start counts, discard) and for
members (the results index). The result sheet and what is done from it (declare, recount, run
again) are in ``count_views``.

Views check who is asking, call a service or selector, and render; a business-rule refusal
(``elections.refusals``) is shown on the page acted on, beside the control, with its 409 or 422.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ballots.counting.blt import write_blt
from ballots.results import forms, permissions, selectors, services
from elections import uploads
from elections.models import Section
from elections.refusals import Refusal


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
    limit = services.upload_limit_bytes()
    report = None
    form = forms.UploadForm()
    locked = services.declared_refusal(section)
    if locked is not None:  # the reason stands where the form would be; a POST is refused with it
        context = {"section": section, "form": None, "limit": limit, "refusal": locked.message}
        return render(
            request, "ballots/results/upload.html", context, status=locked.status_code if request.POST else 200
        )
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
            except Refusal as exc:  # declared while the file was being checked
                context = {"section": section, "form": None, "limit": limit, "refusal": exc.message}
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
        "counts": ballot_set.counts.select_related("run_by").defer("result_json", "result_flows_json"),
        "form": forms.CountForm(initial=initial),
        "count_refusals": [r.message for r in services.count_refusals(ballot_set)],
        "trial": selectors.counts_would_be_trials(section),
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
    status = 422
    if form.is_valid():
        try:
            count = services.count_request(user=request.user, ballot_set=ballot_set, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except Refusal as exc:
            form.add_error(None, exc.message)
            status = exc.status_code
        else:
            return redirect(count)
    context = {"ballot_set": ballot_set, "section": ballot_set.section, "report": ballot_set.report, "form": form,
               "counts": ballot_set.counts.defer("result_json", "result_flows_json"),
               "count_refusals": [r.message for r in services.count_refusals(ballot_set)],
               "trial": selectors.counts_would_be_trials(ballot_set.section)}  # fmt: skip
    return render(request, "ballots/results/ballot_set.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def return_create(request, election_slug, section_slug):
    section = selectors.section_by_slugs(election_slug, section_slug)
    permissions.require_manage(request.user, section, "record a scrutineer's return")
    candidates = section.candidates.filter(withdrawn=False)
    form = forms.ReturnForm(request.POST or None, candidates=candidates)
    context = {"section": section, "form": form}
    locked = services.declared_refusal(section)
    if locked is not None:
        context.update(form=None, refusal=locked.message)
        return render(
            request, "ballots/results/return_form.html", context, status=locked.status_code if request.POST else 200
        )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            ret = services.return_record(section=section, user=request.user, votes=form.votes(), **form.figures())
        except ValidationError as exc:
            _add_errors(form, exc)
        except Refusal as exc:
            context.update(form=None, refusal=exc.message)
            status = exc.status_code
        else:
            messages.success(request, "Return recorded: the figures add up.")
            return redirect(ret)
    if form.is_bound and form.errors:
        status = 422
    return render(request, "ballots/results/return_form.html", context, status=status)


def _return_context(ret, tally_form=None, refusal: str = "") -> dict:
    return {"ret": ret, "section": ret.section, "counts": ret.counts.defer("result_json", "result_flows_json"),
            "tally_form": tally_form or forms.SeedForm(), "refusal": refusal,
            "count_refusals": [r.message for r in services.count_refusals(ret)],
            "trial": selectors.counts_would_be_trials(ret.section)}  # fmt: skip


@login_required
def return_detail(request, pk):
    ret = selectors.ballot_return(pk)
    permissions.require_manage(request.user, ret.section, "see scrutineers' returns")
    return render(request, "ballots/results/return.html", _return_context(ret))


@login_required
@require_POST
def return_count(request, pk):
    ret = selectors.ballot_return(pk)
    permissions.require_manage(request.user, ret.section, "run a count")
    form = forms.SeedForm(request.POST)
    if not form.is_valid():
        return render(request, "ballots/results/return.html", _return_context(ret, form), status=422)
    try:
        count = services.count_request(user=request.user, ballot_return=ret, seed=form.cleaned_data["seed"] or 0)
    except ValidationError as exc:
        return render(
            request, "ballots/results/return.html", _return_context(ret, form, " ".join(exc.messages)), status=422
        )
    except Refusal as exc:
        return render(
            request, "ballots/results/return.html", _return_context(ret, form, exc.message), status=exc.status_code
        )
    return redirect(count)


@login_required
@require_http_methods(["GET", "POST"])
def section_discard(request, election_slug, section_slug):
    """Step one (GET): what discarding would do. Step two (POST with a reason and the confirmation
    ticked): discard every loaded ballot set and return, so the section's settings can change."""
    section = selectors.section_by_slugs(election_slug, section_slug)
    permissions.require_manage(request.user, section, "discard loaded ballots")
    form = forms.DiscardForm(request.POST or None)
    context = {"section": section, "form": form, "preview": services.discard_preview(section)}
    if request.method == "GET":
        return render(request, "ballots/results/discard.html", context)
    if not form.is_valid():
        return render(request, "ballots/results/discard.html", context, status=422)
    try:
        summary = services.section_discard_loaded(section=section, user=request.user, **form.cleaned_data)
    except Refusal as exc:
        for field, reasons in exc.errors.items():
            form.add_error(field, reasons)
        context["refusal"] = exc.message
        return render(request, "ballots/results/discard.html", context, status=exc.status_code)
    discarded = len(summary["ballot_sets"]) + len(summary["returns"])
    messages.success(
        request,
        f"Discarded {discarded} loaded {'item' if discarded == 1 else 'items'}: the section's settings can be changed "
        "again.",
    )
    return redirect("results:section", election_slug, section_slug)


@login_required
def audit_log(request):
    permissions.require_staff(request.user, "read the results audit log")
    entries = selectors.audit_entries()[:500]
    return render(request, "ballots/results/audit.html", {"entries": entries})
