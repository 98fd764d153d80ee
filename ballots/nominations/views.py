"""Nomination pages: the public tracker (+ CSV), a CLP's nomination form, and staff pages
(trail, rules, CSV import). Short views: check who, call a service or selector, render."""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ballots.nominations import chart, checks, csvimport, selectors, services
from ballots.nominations.forms import (
    AffiliateNominationForm,
    ImportForm,
    NominationRulesForm,
    NominationSetForm,
    WithdrawForm,
)
from ballots.nominations.models import AffiliateNomination
from elections import permissions, uploads
from elections.csvfiles import csv_response
from elections.models import CLP, Region
from elections.refusals import Refusal
from elections.selectors import section_by_slugs
from elections.wording import quantity


def _manager_or_403(user, section, what: str) -> None:
    permissions.require_election_manager(user, section.election, what)


@login_required
def tracker(request, election_slug, section_slug):
    section = section_by_slugs(election_slug, section_slug)
    state = selectors.tracker(section)
    rules = state["rules"]
    can_manage = permissions.can_manage_election(request.user, section.election)
    region = request.GET.get("region", "")
    if region in Region.values:
        state["clps"] = [clp for clp in state["clps"] if clp["region"] == region]
    context = {
        "section": section,
        "election": section.election,
        "state": state,
        "region": region if region in Region.values else "",
        "chart": chart.bar_chart(state["candidates"], None if rules["counts_affiliates"] else rules["needed"]),
        "can_manage": can_manage,
        "unchecked": selectors.unchecked_eligibility(section) if can_manage else [],
        "my_clps": [o.clp for o in permissions.offices_held(request.user)],
        "rule_changes": selectors.rule_changes(section, after_nominations=True),
    }
    return render(request, "ballots/nominations/tracker.html", context)


@login_required
def tracker_csv(request, election_slug, section_slug):
    """Every CLP's current nominations, one line each (importable again by the CSV import)."""
    section = section_by_slugs(election_slug, section_slug)
    rows = [["clp", "candidate", "date", "method", "votes", "region"]]
    for clp in selectors.clp_rows(section):
        for c in clp["candidates"]:
            votes = "" if c["votes"] is None else c["votes"]
            rows.append([clp["name"], c["name"], clp["meeting_date"], clp["method"], votes, clp["region_label"]])
    return csv_response(f"{section.election.slug}-{section.slug}-nominations.csv", rows)


@login_required
def counts_csv(request, election_slug, section_slug):
    section = section_by_slugs(election_slug, section_slug)
    state = selectors.tracker(section)
    regions = state["regions"]
    rows = [["candidate", "home_clp", "clps", "affiliates", "qualified", *[r["label"] for r in regions]]]
    for row in state["candidates"]:
        by_region = [row["by_region"].get(r["key"], 0) for r in regions]
        qualified = "yes" if row["qualified"] else "no"
        rows.append([row["name"], row["home_clp"], row["clps"], row["affiliates"], qualified, *by_region])
    return csv_response(f"{section.election.slug}-{section.slug}-counts.csv", rows)


@login_required
@require_http_methods(["GET", "POST"])
def clp_nominations(request, election_slug, section_slug, clp_slug):
    section = section_by_slugs(election_slug, section_slug)
    clp = get_object_or_404(CLP, slug=clp_slug)
    services.require_officer(request.user, clp)
    nset, current = selectors.clp_set(section, clp)
    candidates = section.candidates.select_related("home_clp").order_by("display_name")  # withdrawn ones shown disabled
    form = NominationSetForm(request.POST or None, candidates=candidates, initial=_initial(nset, current))
    reasons = _form_errors(form)
    if request.method == "POST" and form.is_valid():
        reasons = _submit(request, section, clp, form)
        if not reasons:
            messages.success(request, f"{clp}'s nominations for {section.name} are recorded.")
            return redirect("nominations:clp", election_slug, section_slug, clp_slug)
    closed = checks.window_reasons(section, timezone.now())
    context = {
        "section": section, "election": section.election, "clp": clp, "form": form, "current": current,
        "reasons": reasons, "nset": nset, "rules": selectors.rules_summary(selectors.nomination_rules_for(section)),
        "withdraw_form": WithdrawForm(current=current, initial={"version": nset.version if nset else 0}),
        "trail": selectors.trail(section, clp)[:20], "closed_reason": closed[0] if closed else "",
    }  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "ballots/nominations/clp_form.html", context, status=status)


def _initial(nset, current) -> dict:
    initial = {"version": nset.version if nset else 0}
    if current:
        initial.update(
            candidates=[str(n.candidate_id) for n in current],
            meeting_date=current[0].meeting_date,
            method=current[0].method,
            **{f"votes_{n.candidate_id}": n.votes for n in current},
        )
    return initial


def _submit(request, section, clp, form) -> list[str]:
    """Record the form's set; returns the reasons it was refused (empty when recorded)."""
    data = form.cleaned_data
    proposal = services.proposal_from_ids(
        section=section, candidate_ids=form.candidate_ids(), meeting_date=data["meeting_date"],
        method=data["method"], votes=form.votes(),
    )  # fmt: skip
    try:
        services.nomination_set_submit(
            section=section, clp=clp, user=request.user, proposal=proposal, reason=data["reason"],
            expected_version=data["version"],
        )  # fmt: skip
    except (Refusal, ValidationError) as exc:
        return exc.messages
    return []


def _form_errors(form) -> list[str]:
    """Shape errors (e.g. a malformed date) as lines for the error summary, each naming its field."""
    if not form.is_bound:
        return []
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines += [f"{label}: {error}" if label else error for error in errors]
    return lines


@login_required
@require_POST
def clp_withdraw(request, election_slug, section_slug, clp_slug):
    section = section_by_slugs(election_slug, section_slug)
    clp = get_object_or_404(CLP, slug=clp_slug)
    services.require_officer(request.user, clp)
    _nset, current = selectors.clp_set(section, clp)
    form = WithdrawForm(request.POST, current=current)
    if form.is_valid():
        ids = [int(v) for v in form.cleaned_data["candidates"]]
        try:
            services.nomination_withdraw(
                section=section, clp=clp, user=request.user, candidate_ids=ids or None,
                reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"],
            )  # fmt: skip
        except (Refusal, ValidationError) as exc:
            for message in exc.messages:
                messages.error(request, f"Not withdrawn: {message}")
        else:
            messages.success(request, "The withdrawal is recorded.")
    else:
        messages.error(request, "Not withdrawn: choose from the nominations currently recorded.")
    return redirect("nominations:clp", election_slug, section_slug, clp_slug)


@login_required
def trail(request, election_slug, section_slug):
    section = section_by_slugs(election_slug, section_slug)
    _manager_or_403(request.user, section, "see the nominations trail")
    context = {"section": section, "election": section.election, "changes": selectors.trail(section)[:500],
               "unchecked": selectors.unchecked_eligibility(section),
               "rule_changes": selectors.rule_changes(section)}  # fmt: skip
    return render(request, "ballots/nominations/trail.html", context)


@login_required
def trail_csv(request, election_slug, section_slug):
    """The whole trail, one line per entry added or ended by each change (for audits)."""
    section = section_by_slugs(election_slug, section_slug)
    _manager_or_403(request.user, section, "see the nominations trail")
    rows = [["made_at", "clp", "action", "source", "made_by", "reason", "effect", "candidate", "status_now"]]
    for change in selectors.trail(section).order_by("made_at", "id"):
        who = change.made_by.username if change.made_by else ""
        head = [change.made_at.isoformat(), change.nomination_set.clp.name, change.action, change.source, who,
                change.reason]  # fmt: skip
        for effect, nominations in (("added", change.added.all()), ("ended", change.ended.all())):
            rows += [[*head, effect, n.candidate.display_name, n.status] for n in nominations]
    return csv_response(f"{section.election.slug}-{section.slug}-nominations-trail.csv", rows)


@login_required
@require_http_methods(["GET", "POST"])
def rules(request, election_slug, section_slug):
    section = section_by_slugs(election_slug, section_slug)
    _manager_or_403(request.user, section, "change the nomination rules")
    current = selectors.nomination_rules_for(section)
    form = NominationRulesForm(request.POST or None, instance=current, section=section)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_rules_update(section=section, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except Refusal as exc:  # the reason above the form, and beside the reason and confirmation fields
            form.add_error(None, exc.message)
            for field, reasons in exc.errors.items():
                form.add_error(field if field in form.fields else None, reasons)
            status = exc.status_code
        else:
            messages.success(request, f"Nomination rules for {section.name} saved.")
            return redirect("nominations:tracker", election_slug, section_slug)
    if form.errors and status == 200:
        status = 400
    context = {"section": section, "election": section.election, "form": form,
               "nominated": selectors.clps_ever_nominated(section)}  # fmt: skip
    return render(request, "ballots/nominations/rules.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request, election_slug, section_slug):
    """Check a file (a dry run showing every change), then import exactly the file checked: the
    import is never a single click."""
    section = section_by_slugs(election_slug, section_slug)
    _manager_or_403(request.user, section, "import nominations")
    context = {"section": section, "election": section.election, "report": None, "checked": None}
    try:
        if request.method == "POST":
            uploads.check_request_size(request, **_import_size_rule())  # before the file is read
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            content = form.cleaned_data["content"]
            uploads.check_upload_size(len(content), **_import_size_rule())
            report = csvimport.nominations_import(
                section=section, user=request.user, data=content, reason=form.cleaned_data["reason"],
                commit=_confirmed(request, form),
            )  # fmt: skip
            if report.committed:
                changed = quantity(len(report.changes), "CLP's", "CLPs'")
                messages.success(request, f"Imported: {changed} nominations changed.")
                return redirect("nominations:tracker", election_slug, section_slug)
            context["report"] = report
            if not report.errors and report.changes:
                context["checked"] = {"data": base64.b64encode(content).decode(), "reason": form.cleaned_data["reason"]}
    except uploads.UploadTooLarge as exc:
        form = ImportForm()
        context["too_big"] = exc.message
        return render(request, "ballots/nominations/import.html", {**context, "form": form}, status=exc.status_code)
    report = context["report"]
    status = 400 if (form.errors or (report and report.errors)) else 200
    return render(request, "ballots/nominations/import.html", {**context, "form": form}, status=status)


def _confirmed(request, form) -> bool:
    """Only the confirmation form (the checked file sent back, no new upload) imports."""
    return "commit" in request.POST and not form.cleaned_data.get("file") and bool(form.cleaned_data.get("checked"))


def _import_size_rule() -> dict:
    return {"limit": settings.NOMINATIONS_IMPORT_MAX_BYTES, "what": "nominations file"}


@login_required
@require_http_methods(["GET", "POST"])
def affiliates(request, election_slug, section_slug):
    section = section_by_slugs(election_slug, section_slug)
    _manager_or_403(request.user, section, "record affiliates' nominations")
    form = AffiliateNominationForm(request.POST or None, section=section)
    reasons = []
    if request.method == "POST" and form.is_valid():
        try:
            services.affiliate_nomination_record(user=request.user, **form.cleaned_data)
        except (Refusal, ValidationError) as exc:
            reasons = exc.messages
        else:
            messages.success(request, "The affiliate's nomination is recorded.")
            return redirect("nominations:affiliates", election_slug, section_slug)
    context = {"section": section, "election": section.election, "form": form, "reasons": reasons,
               "recorded": selectors.affiliate_nominations(section)}  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "ballots/nominations/affiliates.html", context, status=status)


@login_required
@require_POST
def affiliate_remove(request, election_slug, section_slug, pk):
    section = section_by_slugs(election_slug, section_slug)
    _manager_or_403(request.user, section, "remove affiliates' nominations")
    nomination = get_object_or_404(AffiliateNomination, pk=pk, candidate__section=section)
    try:
        services.affiliate_nomination_remove(
            nomination=nomination, user=request.user, reason=request.POST.get("reason", "")[:2000]
        )
    except (Refusal, ValidationError) as exc:
        context = {"section": section, "election": section.election, "form": AffiliateNominationForm(section=section),
                   "remove_refusal": {"id": nomination.pk, "reasons": exc.messages},
                   "recorded": selectors.affiliate_nominations(section)}  # fmt: skip
        return render(request, "ballots/nominations/affiliates.html", context, status=getattr(exc, "status_code", 422))
    messages.success(request, f"Removed {nomination.affiliate}'s nomination of {nomination.candidate.display_name}.")
    return redirect("nominations:affiliates", election_slug, section_slug)
