"""Pages for members, CLP officers and returning officers. Short views: check, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from elections import extensions, permissions, selectors, services
from elections.forms import SectionSettingsForm
from elections.models import CLP, Election, Section
from elections.refusals import Refusal


def home(request):
    """What is happening now for the signed-in person; for visitors, what the site is and how to sign in."""
    user = request.user
    elections = Election.objects.prefetch_related("sections")
    if not user.is_authenticated:
        return render(request, "elections/welcome.html", {"elections": elections})
    context = {
        "member": permissions.member_of(user),
        "offices": permissions.offices_held(user),
        "elections": elections,
        "managed": user.elections_as_returning_officer.all(),
        "candidacies": user.candidacies.select_related("section__election"),
        "happenings": selectors.home_happenings(user, timezone.now()),
    }
    return render(request, "elections/home.html", context)


@login_required
def election_detail(request, election_slug):
    election = selectors.election_by_slug(election_slug)
    context = {
        "election": election,
        "sections": election.sections.all(),
        "slates": selectors.slates_with_candidates(election),
        "can_manage": permissions.can_manage_election(request.user, election),
    }
    return render(request, "elections/election_detail.html", context)


@login_required
def section_detail(request, election_slug, section_slug):
    """The section's facts and its candidates, filterable by slate, region, CLP, ballot and name."""
    section = selectors.section_by_slugs(election_slug, section_slug)
    filters = selectors.CandidateFilters.from_query(request.GET)
    ballot_status = selectors.ballot_status_for(section)
    candidates = list(selectors.browse_candidates(section, filters, ballot_status))
    for candidate in candidates:
        candidate.ballot = selectors.published_view(selectors.statements_by_kind(candidate)["ballot"])
        candidate.on_ballot = None if ballot_status is None else ballot_status.get(candidate.pk, False)
    context = {
        "section": section,
        "election": section.election,
        "candidates": candidates,
        "filters": filters,
        "choices": selectors.filter_choices(section),
        "ballot_known": ballot_status is not None,
        "can_manage": permissions.can_manage_election(request.user, section.election),
        "section_links": extensions.section_links(section, request.user),
    }
    return render(request, "elections/section_detail.html", context)


@login_required
def candidate_detail(request, election_slug, section_slug, candidate_slug):
    section = selectors.section_by_slugs(election_slug, section_slug)
    candidate = selectors.candidate_with_statements(section, candidate_slug)
    statements = selectors.statements_by_kind(candidate)
    context = {
        "section": section,
        "candidate": candidate,
        "long_form": selectors.published_view(statements["long-form"]),
        "ballot": selectors.published_view(statements["ballot"]),
        "ballot_statement": statements["ballot"],
        "long_statement": statements["long-form"],
        "is_candidate": permissions.is_candidate(request.user, candidate),
        "can_edit": permissions.can_edit_statements(request.user, candidate),
        "can_manage": permissions.can_manage_election(request.user, section.election),
        "section_links": extensions.section_links(section, request.user),
    }
    return render(request, "elections/candidate_detail.html", context)


@login_required
def compare(request, election_slug, section_slug):
    """Two to four candidates' statements side by side (chosen with ?c=slug&c=slug)."""
    section = selectors.section_by_slugs(election_slug, section_slug)
    slugs = request.GET.getlist("c")
    candidates = selectors.candidates_to_compare(section, slugs)
    problem = ""
    if len(candidates) < 2:
        problem = "Choose at least two candidates to compare."
    elif len(candidates) > 4:
        problem = f"You chose {len(candidates)} candidates: compare at most four at a time."
    columns = []
    if not problem:
        for candidate in candidates:
            statements = selectors.statements_by_kind(candidate)
            columns.append(
                {
                    "candidate": candidate,
                    "ballot": selectors.published_view(statements["ballot"]),
                    "long_form": selectors.published_view(statements["long-form"]),
                }
            )
    context = {
        "section": section,
        "columns": columns,
        "problem": problem,
        "all_candidates": selectors.candidates_in(section),
        "chosen": {c.slug for c in candidates},
    }
    return render(request, "elections/compare.html", context, status=400 if problem and slugs else 200)


@login_required
def slate_detail(request, election_slug, slate_slug):
    election = selectors.election_by_slug(election_slug)
    slate = get_object_or_404(selectors.slates_with_candidates(election), slug=slate_slug)
    return render(request, "elections/slate_detail.html", {"election": election, "slate": slate})


@login_required
def clp_office(request, clp_slug):
    """The CLP officers' desk: only that CLP's secretary and chair may open it."""
    clp = get_object_or_404(CLP, slug=clp_slug)
    permissions.require_clp_officer(request.user, clp, "open its officers' page")
    sections = Section.objects.select_related("election").order_by("election__name", "name")
    rows = [(section, extensions.clp_office_links(clp, section, request.user)) for section in sections]
    context = {"clp": clp, "officers": clp.officers.select_related("user"), "sections": rows}
    return render(request, "elections/clp_office.html", context)


@login_required
def election_manage(request, election_slug):
    election = selectors.election_by_slug(election_slug)
    permissions.require_election_manager(request.user, election, "manage it")
    sections = [(section, extensions.manage_links(section, request.user)) for section in election.sections.all()]
    return render(request, "elections/election_manage.html", {"election": election, "sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def section_settings(request, election_slug, section_slug):
    section = selectors.section_by_slugs(election_slug, section_slug)
    permissions.require_election_manager(request.user, section.election, "change this section's settings")
    form = SectionSettingsForm(request.POST or None, instance=section)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update_settings(section=section, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except Refusal as exc:  # frozen: the reason above the form, and beside each field it froze
            form.add_error(None, exc.message)
            for field, reasons in exc.errors.items():
                form.add_error(field, reasons)
            status = exc.status_code
        else:
            messages.success(request, f"Settings for {section.name} saved.")
            return redirect("elections:election_manage", election_slug=section.election.slug)
    if form.errors and status == 200:
        status = 400
    section = Section.objects.select_related("election").get(
        pk=section.pk
    )  # the stored values, not the form's, for the notice
    return render(request, "elections/section_settings.html", {"section": section, "form": form}, status=status)
