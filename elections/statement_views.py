"""Pages where candidates write their statements and returning officers oversee them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from elections import bounds, diffs, permissions, selectors, services
from elections.contact_details import find_contact_details
from elections.forms import CandidateProfileForm, HideStatementForm, LockStatementsForm, StatementForm
from elections.models import StatementKind
from elections.photos import check_photo_request
from elections.refusals import Refusal
from elections.text import removed_from, render_markdown
from elections.uploads import UploadTooLarge
from elections.wordcount import count_words


def _candidate_and_kind(election_slug, section_slug, candidate_slug, kind):
    if kind not in StatementKind.values:
        raise Http404("No such kind of statement.")
    section = selectors.section_by_slugs(election_slug, section_slug)
    candidate = get_object_or_404(selectors.candidates_in(section), slug=candidate_slug)
    return section, candidate


def _statement_or_404(candidate, kind):
    statement = selectors.statement_of(candidate, kind)
    if statement is None:
        raise Http404("This statement has not been written yet.")
    return statement


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request, election_slug, section_slug, candidate_slug, kind):
    section, candidate = _candidate_and_kind(election_slug, section_slug, candidate_slug, kind)
    permissions.require_statement_editor(request.user, candidate)
    statement = selectors.statement_of(candidate, kind)
    latest = statement.revisions.order_by("-number").first() if statement else None
    form = StatementForm(request.POST or None, initial={"body": latest.body if latest else ""})
    findings, status = [], 200
    preview = request.method == "POST" and "preview" in request.POST and form.is_valid()
    if request.method == "POST" and form.is_valid() and not preview:
        publish = "publish" in request.POST
        try:
            revision = services.statement_save(
                candidate=candidate, kind=kind, body=form.cleaned_data["body"], user=request.user,
                publish=publish, confirm_contact_details=form.cleaned_data["confirm_contact_details"],
            )  # fmt: skip
        except services.ContactDetailsFound as exc:
            findings = exc.findings
            form.add_error(None, exc.message)
            status = exc.status_code
        except Refusal as exc:
            form.add_error(None, exc.message)
            status = exc.status_code
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            done = "published" if publish else "saved as a draft (members cannot see it)"
            messages.success(request, f"{StatementKind(kind).label}, revision {revision.number}, {done}.")
            return redirect(candidate.get_absolute_url())
    elif latest is not None and request.method == "GET":
        findings = find_contact_details(latest.body)
    text = form.data.get("body", "") if form.is_bound else (latest.body if latest else "")
    context = {
        "section": section, "candidate": candidate, "kind": kind, "kind_label": StatementKind(kind).label,
        "form": form, "statement": statement, "latest": latest, "findings": findings,
        "word_limit": section.statement_word_limit if kind == StatementKind.BALLOT else None,
        "preview": render_markdown(text, top_heading=3) if preview else None, "removed": removed_from(text),
        "words": count_words(text),
    }  # fmt: skip
    if context["word_limit"]:
        context["over_limit"] = max(0, context["words"] - context["word_limit"])
    status = 400 if status == 200 and form.errors else status  # a rule's refusal keeps its 409/422
    return render(request, "elections/statement_edit.html", context, status=status)


@login_required
def statement_history(request, election_slug, section_slug, candidate_slug, kind):
    section, candidate = _candidate_and_kind(election_slug, section_slug, candidate_slug, kind)
    permissions.require_statement_history_reader(request.user, candidate)
    statement = _statement_or_404(candidate, kind)
    revisions = list(statement.revisions.select_related("author"))
    context = {
        "section": section, "candidate": candidate, "kind": kind, "kind_label": StatementKind(kind).label,
        "statement": statement, "revisions": revisions,
        "can_manage": permissions.can_manage_election(request.user, section.election),
    }  # fmt: skip
    return render(request, "elections/statement_history.html", context)


@login_required
def statement_diff(request, election_slug, section_slug, candidate_slug, kind):
    section, candidate = _candidate_and_kind(election_slug, section_slug, candidate_slug, kind)
    permissions.require_statement_history_reader(request.user, candidate)
    statement = _statement_or_404(candidate, kind)
    numbers = tuple(bounds.parse_whole_number(request.GET.get(end, "")) for end in ("from", "to"))
    if None in numbers:
        return _bad_diff(request, section, candidate, kind, "Choose two revisions to compare.")
    found = {r.number: r for r in statement.revisions.filter(number__in=numbers)}
    missing = [n for n in numbers if n not in found]
    if missing:
        return _bad_diff(request, section, candidate, kind, f"There is no revision {missing[0]} of this statement.")
    old, new = found[numbers[0]], found[numbers[1]]
    rows = diffs.diff_rows(old.body, new.body)
    context = {
        "section": section, "candidate": candidate, "kind": kind, "kind_label": StatementKind(kind).label,
        "old": old, "new": new, "rows": rows, "summary": diffs.summary(rows),
    }  # fmt: skip
    return render(request, "elections/statement_diff.html", context)


def _bad_diff(request, section, candidate, kind, problem):
    context = {
        "section": section,
        "candidate": candidate,
        "kind": kind,
        "kind_label": StatementKind(kind).label,
        "problem": problem,
    }
    return render(request, "elections/statement_diff.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def statement_hide(request, election_slug, section_slug, candidate_slug, kind):
    section, candidate = _candidate_and_kind(election_slug, section_slug, candidate_slug, kind)
    permissions.require_election_manager(request.user, section.election, "hide a statement")
    statement = _statement_or_404(candidate, kind)
    form = HideStatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_hide(statement=statement, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{statement} is hidden from members.")
            return redirect(candidate.get_absolute_url())
    context = {"section": section, "candidate": candidate, "statement": statement, "form": form}
    return render(request, "elections/statement_hide.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def statement_unhide(request, election_slug, section_slug, candidate_slug, kind):
    _section, candidate = _candidate_and_kind(election_slug, section_slug, candidate_slug, kind)
    statement = _statement_or_404(candidate, kind)
    services.statement_unhide(statement=statement, user=request.user)
    messages.success(request, f"{statement} is shown to members again.")
    return redirect(candidate.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def statements_lock(request, election_slug, section_slug):
    section = selectors.section_by_slugs(election_slug, section_slug)
    permissions.require_election_manager(request.user, section.election, "lock statements")
    form = LockStatementsForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "unlock":
        services.section_unlock_statements(section=section, user=request.user)
        messages.success(request, f"Statements for {section.name} can be edited again.")
        return redirect("elections:statements_lock", election_slug=election_slug, section_slug=section_slug)
    if request.method == "POST" and form.is_valid():
        section = services.section_lock_statements(section=section, user=request.user, at=form.cleaned_data["at"])
        messages.success(request, section.statements_lock_reason)
        return redirect("elections:statements_lock", election_slug=election_slug, section_slug=section_slug)
    return render(
        request,
        "elections/statements_lock.html",
        {"section": section, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_profile(request, election_slug, section_slug, candidate_slug):
    section = selectors.section_by_slugs(election_slug, section_slug)
    candidate = get_object_or_404(selectors.candidates_in(section), slug=candidate_slug)
    permissions.require_candidate(request.user, candidate, "change their candidate profile")
    form, status = None, None
    try:
        if request.method == "POST":
            check_photo_request(request)  # before the upload is read
        form = CandidateProfileForm(
            request.POST or None, request.FILES or None, initial={"show_gender": candidate.show_gender}
        )
        if request.method == "POST" and form.is_valid():
            services.candidate_update_profile(
                candidate=candidate, user=request.user, photo=form.cleaned_data["photo"],
                remove_photo=form.cleaned_data["remove_photo"], show_gender=form.cleaned_data["show_gender"],
            )  # fmt: skip
            messages.success(request, "Your candidate profile is saved.")
            return redirect(candidate.get_absolute_url())
    except UploadTooLarge as exc:
        # Refused before the body was read: show the form as it stands, with the reason.
        form = form or CandidateProfileForm({"show_gender": candidate.show_gender or ""})
        form.add_error("photo", exc.message)
        status = exc.status_code
    except ValidationError as exc:
        form.add_error(None if hasattr(exc, "error_dict") else "photo", exc)
    context = {"section": section, "candidate": candidate, "form": form}
    status = status if form.errors and status else (400 if form.errors else 200)
    return render(request, "elections/candidate_profile.html", context, status=status)
