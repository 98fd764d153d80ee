"""Running a ballot: open it (after seeing what it will be), add a member, give out meeting codes,
close it, count it, record the result. For the CLP's secretary and chair, or a section's returning
officers. Irreversible steps show what they will do and need a second, explicit confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ballots.nominations import selectors as nomination_selectors
from ballots.voting import electorate, forms, permissions, selectors, services
from ballots.voting.choices import plural
from ballots.voting.models import OnlineBallot, Voter
from elections.models import CLP, Election, Member, Section
from elections.permissions import offices_held
from elections.refusals import Refusal
from elections.selectors import section_by_slugs

FIELD_NAMES = {"candidate_ids": "candidates"}
ADD_IDS, CODE_IDS = "add_%s", "code_%s"  # two forms on one page, each asking for a membership number


def _hidden(form) -> list[tuple[str, str]]:
    """The submitted settings again, for the confirmation step (the form's own fields only)."""
    return [(name, v) for name in form.fields for v in form.data.getlist(form.add_prefix(name))[:500]]


def _add_errors(form, exc: Refusal) -> None:
    for name, errors in (exc.errors or {"__all__": [exc.message]}).items():
        name = FIELD_NAMES.get(name, name)
        form.add_error(name if name in form.fields else None, errors)


@login_required
def index(request):
    found = selectors.ballots_for(request.user)
    now = timezone.now()
    starts = []
    for office in offices_held(request.user):
        for section in Section.objects.select_related("election").filter(
            nomination_opens__lte=now, nomination_closes__gt=now
        ):
            starts.append((f"A members' ballot for {office.clp}'s nominations in {section}", office.clp, section))
    managed = (
        Election.objects.filter(returning_officers=request.user) if not request.user.is_staff else Election.objects
    )
    sections = Section.objects.filter(election__in=managed.all(), ballot_closes__gt=now).exclude(
        online_ballots__kind=OnlineBallot.Kind.SECTION
    )
    context = {**found, "clp_starts": starts, "section_starts": sections.select_related("election"), "now": now}
    return render(request, "ballots/voting/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_clp(request, election_slug, section_slug, clp_slug):
    section = section_by_slugs(election_slug, section_slug)
    clp = get_object_or_404(CLP, slug=clp_slug)
    permissions.require_run_clp_ballot(request.user, clp)
    people = list(section.candidates.filter(withdrawn=False).order_by("display_name"))
    initial = {"candidates": [str(c.pk) for c in people], "places": 1}
    form = forms.ClpBallotForm(request.POST or None, candidates=people, initial=initial)
    rules = nomination_selectors.rules_summary(nomination_selectors.nomination_rules_for(section))
    context = {"section": section, "clp": clp, "form": form, "rules": rules}
    return _plan_then_open(
        request, form, context, "new_clp", services.online_ballot_plan_clp, services.online_ballot_open_clp, clp=clp
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_section(request, election_slug, section_slug):
    section = section_by_slugs(election_slug, section_slug)
    permissions.require_run_section_ballot(request.user, section)
    form = forms.SectionBallotForm(request.POST or None)
    context = {"section": section, "form": form, "rules": electorate.describe(_section_electorate(section))}
    return _plan_then_open(
        request, form, context, "new_section", services.online_ballot_plan_section,
        services.online_ballot_open_section,
    )  # fmt: skip


def _plan_then_open(request, form, context, template: str, plan_, open_, **more):
    """Opening a ballot in two steps: the form, then what opening will do (``plan_``), then, only
    on the explicit confirmation, ``open_``. A refusal at either step stays on the form."""
    if request.method == "POST" and form.is_valid() and "edit" not in request.POST:
        args = {"section": context["section"], "user": request.user, **more, **form.service_args()}
        try:
            if "confirm" in request.POST:
                ballot = open_(**args)
                messages.success(request, f"The ballot is open: {plural(ballot.electorate_size, 'member')} can vote.")
                return redirect("voting:manage", ballot.pk)
            plan = plan_(**args)
        except Refusal as exc:
            _add_errors(form, exc)
        else:
            return render(
                request, "ballots/voting/confirm_open.html", {**context, "plan": plan, "hidden": _hidden(form)}
            )
    status = 422 if form.is_bound and form.errors else 200
    return render(request, f"ballots/voting/{template}.html", context, status=status)


def _section_electorate(section: Section) -> electorate.Electorate:
    return electorate.Electorate(section=section, rules=electorate.rules_for(section))


@login_required
@require_http_methods(["GET", "POST"])
def electorate_rules(request, election_slug, section_slug):
    section = section_by_slugs(election_slug, section_slug)
    permissions.require_run_section_ballot(request.user, section)
    rules = electorate.rules_for(section)
    form = forms.ElectorateRulesForm(request.POST or None, instance=rules)
    refusal, status = "", 200
    if request.method == "POST" and form.is_valid():
        try:
            services.electorate_rules_update(section=section, user=request.user, **form.cleaned_data)
        except Refusal as exc:
            refusal, status = exc.message, exc.status_code
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 422
        else:
            messages.success(request, f"Saved: who can vote in the ballot for {section.name}.")
            return redirect("voting:electorate_rules", election_slug, section_slug)
    elif form.is_bound:
        status = 422
    rules.refresh_from_db()
    context = {
        "section": section, "form": form, "refusal": refusal, "rules": electorate.describe(_section_electorate(section)),
        "size": electorate.members(_section_electorate(section)).count(),
        "opened": OnlineBallot.objects.filter(section=section, kind=OnlineBallot.Kind.SECTION).first(),
    }  # fmt: skip
    return render(request, "ballots/voting/electorate_rules.html", context, status=status)


def _manage_context(request, ballot: OnlineBallot, **more) -> dict:
    now = timezone.now()
    opens, closes = ballot.window()
    context = {
        "ballot": ballot, "turnout": selectors.turnout(ballot), "window": (opens, closes), "now": now,
        "candidates": selectors.display_order(ballot, selectors.candidates(ballot), None),
        "can_close": not ballot.sealed and now >= (opens if ballot.clp_id else closes),
        "additions": Voter.objects.filter(ballot=ballot, added_by__isnull=False).select_related("member__user", "added_by"),
        "add_form": forms.AddVoterForm(auto_id=ADD_IDS), "code_form": forms.MemberForm(auto_id=CODE_IDS), "stream": services.stream_name(ballot.pk),
        "rules": electorate.describe(electorate.for_ballot(ballot)),
    }  # fmt: skip
    if ballot.ballot_set_id:
        context["count"] = ballot.ballot_set.counts.order_by("id").first()
    context.update(more)
    return context


@login_required
def manage(request, pk):
    ballot = selectors.ballot(pk)
    permissions.require_run(request.user, ballot)
    return render(request, "ballots/voting/manage.html", _manage_context(request, ballot))


@login_required
@require_http_methods(["GET", "POST"])
def close(request, pk):
    ballot = selectors.ballot(pk)
    permissions.require_run(request.user, ballot)
    context = _manage_context(request, ballot)
    if request.method == "POST" and "confirm" in request.POST:
        try:
            ballot = services.online_ballot_close(ballot=ballot, user=request.user)
            return _count_and_go(request, ballot)
        except Refusal as exc:
            context["refusal"] = exc.message
            return render(request, "ballots/voting/confirm_close.html", context, status=exc.status_code)
    return render(request, "ballots/voting/confirm_close.html", context)


def _count_and_go(request, ballot: OnlineBallot):
    """Count a sealed ballot: a CLP's here, a section's by the results services (its result sheet)."""
    if ballot.kind == OnlineBallot.Kind.SECTION:
        count = services.online_ballot_count_section(ballot=ballot, user=request.user)
        messages.success(request, f"Closed. {plural(ballot.turnout, 'ballot')} sealed, published and being counted.")
        return redirect(count)
    ballot = services.online_ballot_count_clp(ballot=ballot, user=request.user)
    messages.success(
        request, f"Closed and counted: {plural(ballot.turnout, 'ballot')}. Check the result, then record it."
    )
    return redirect("voting:manage", ballot.pk)


@login_required
@require_POST
def count(request, pk):
    ballot = selectors.ballot(pk)
    permissions.require_run(request.user, ballot)
    try:
        return _count_and_go(request, ballot)
    except Refusal as exc:
        context = _manage_context(request, ballot, count_refusal=exc.message)
        return render(request, "ballots/voting/manage.html", context, status=exc.status_code)


@login_required
@require_http_methods(["GET", "POST"])
def record(request, pk):
    ballot = selectors.ballot(pk)
    permissions.require_run(request.user, ballot)
    form = forms.RecordForm(request.POST or None)
    elected = [c for c in selectors.candidates(ballot) if c.pk in set(ballot.elected_ids)]
    _nset, current = nomination_selectors.clp_set(ballot.section, ballot.clp) if ballot.clp_id else (None, [])
    order = {cid: i for i, cid in enumerate(ballot.elected_ids)}
    context = {
        "ballot": ballot,
        "form": form,
        "elected": sorted(elected, key=lambda c: order[c.pk]),
        "current": current,
    }
    if request.method == "POST" and "confirm" in request.POST and form.is_valid():
        try:
            services.online_ballot_record(ballot=ballot, user=request.user, reason=form.cleaned_data["reason"])
        except Refusal as exc:
            context["reasons"] = exc.errors.get("nominations") or [exc.message]
            return render(request, "ballots/voting/record.html", context, status=exc.status_code)
        messages.success(request, f"Recorded as {ballot.clp}'s nominations for {ballot.section.name}.")
        return redirect("nominations:clp", ballot.section.election.slug, ballot.section.slug, ballot.clp.slug)
    return render(request, "ballots/voting/record.html", context)


def _member(number: str) -> Member | None:
    return Member.objects.select_related("user", "clp").filter(membership_number=number.strip()).first()


@login_required
@require_POST
def add_voter(request, pk):
    ballot = selectors.ballot(pk)
    permissions.require_run(request.user, ballot)
    form = forms.AddVoterForm(request.POST, auto_id=ADD_IDS)
    status = 422
    if form.is_valid():
        member = _member(form.cleaned_data["membership_number"])
        if member is None:
            form.add_error("membership_number", "No member has that membership number.")
        else:
            try:
                services.voter_add(ballot=ballot, member=member, user=request.user, reason=form.cleaned_data["reason"])
            except Refusal as exc:
                _add_errors(form, exc)
                status = exc.status_code
            else:
                messages.success(
                    request, f"Added {member.user.get_full_name() or member.user.username} to the electorate."
                )
                return redirect("voting:manage", ballot.pk)
    context = _manage_context(request, ballot, add_form=form)
    return render(request, "ballots/voting/manage.html", context, status=status)


@login_required
@require_POST
@never_cache
def issue_code(request, pk):
    ballot = selectors.ballot(pk)
    permissions.require_run(request.user, ballot)
    form = forms.MemberForm(request.POST, auto_id=CODE_IDS)
    status = 422
    if form.is_valid():
        member = _member(form.cleaned_data["membership_number"])
        if member is None:
            form.add_error("membership_number", "No member has that membership number.")
        else:
            try:
                code = services.voter_code_issue(ballot=ballot, member=member, user=request.user)
            except Refusal as exc:
                _add_errors(form, exc)
                status = exc.status_code
            else:
                context = {"ballot": ballot, "member": member, "code": code}
                return render(request, "ballots/voting/code_issued.html", context)
    context = _manage_context(request, ballot, code_form=form)
    return render(request, "ballots/voting/manage.html", context, status=status)
