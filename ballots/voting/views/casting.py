"""Casting: the ballot page, the review step and the receipt, online and on a meeting's shared device.

The marks travel in the body of POST requests only (never a query string, which ends up in access
logs). The review and receipt pages are never cached, so the back button on a shared device shows
nothing of the last voter's ballot. The receipt is shown in the response to the cast itself and
kept nowhere else: a redirect would have needed it stored in the session, beside the member's id.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ballots.voting import choices, electorate, permissions, receipts, selectors, services
from ballots.voting.forms import BoothCodeForm
from ballots.voting.models import OnlineBallot, RegisterMark, Voter
from elections.refusals import Refusal


@dataclass
class Booth:
    """Who is voting and how: a signed-in member online, or a meeting code on a shared device."""

    voter: Voter | None
    code: str = ""  # the meeting code, carried through the steps of a booth vote

    @property
    def at_meeting(self) -> bool:
        return bool(self.code)


def _names(ballot: OnlineBallot, people) -> dict[int, str]:
    return {c.pk: c.display_name for c in people}


def _context(request, ballot: OnlineBallot, booth: Booth, **more) -> dict:
    now = timezone.now()
    if not booth.at_meeting and request.user.is_authenticated:
        more.setdefault("standing", selectors.standing(ballot, request.user, now))
        booth.voter = booth.voter or more["standing"].voter
    people = selectors.candidates(ballot)
    context = {
        "ballot": ballot,
        "booth": booth,
        "candidates": selectors.display_order(ballot, people, booth.voter),
        "how": services.marking_of(ballot),
        "numbers": range(1, len(people) + 1),
        "turnout": selectors.turnout(ballot),
        "window": ballot.window(),
        "rules": electorate.describe(electorate.for_ballot(ballot)),
        "can_run": request.user.is_authenticated and permissions.can_run(request.user, ballot),
        "can_read": request.user.is_authenticated and permissions.can_read_list(request.user, ballot),
        "stream": services.stream_name(ballot.pk),
        "now": now,
    }
    context.update(more)
    return context


def _marks(ballot: OnlineBallot, people, data) -> dict:
    """The marks a returning form carries, to show them again (nothing is trusted from them)."""
    how = services.marking_of(ballot)
    try:
        prefs = choices.read_choices(_names(ballot, people), how, ballot.places, data)
    except Refusal:
        return {}
    if how == choices.RANKED:
        return {cid: i for i, cid in enumerate(prefs, start=1)}
    return dict.fromkeys(prefs, True)


def _booth_voter(ballot: OnlineBallot, code: str) -> Booth:
    return Booth(voter=services.voter_by_code(ballot, code), code=code)


def _member_voter(request, ballot: OnlineBallot) -> Booth:
    voter = selectors.voter_of_user(ballot, request.user)  # one query on the hot path
    if voter is None:
        status = selectors.standing(ballot, request.user, timezone.now())
        raise PermissionDenied("You cannot vote in this ballot. " + " ".join(status.reasons))
    return Booth(voter=voter)


def _refusal_now(ballot: OnlineBallot, booth: Booth):
    if RegisterMark.objects.filter(voter=booth.voter).exists():
        return services.already_voted()
    return services.cast_refusal(ballot, timezone.now(), at_meeting=booth.at_meeting)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def ballot_page(request, pk):
    """The ballot: who may vote, when, the turnout, and the paper itself for a member who can vote.

    A POST comes back from the review step ("change my vote") carrying the marks to show again.
    """
    ballot = selectors.ballot(pk)
    context = _context(request, ballot, Booth(voter=None))
    if request.method == "POST" and context["standing"].can_vote:
        context["marked"] = _marks(ballot, context["candidates"], request.POST)
    return _render_paper(request, "ballots/voting/ballot.html", context)


def _review(request, ballot: OnlineBallot, booth: Booth):
    context = _context(request, ballot, booth)
    refusal = _refusal_now(ballot, booth)
    if refusal is not None:
        context["refusal"] = refusal.message
        return _render_paper(request, _paper_template(booth), context, status=refusal.status_code)
    try:
        prefs = choices.read_choices(_names(ballot, context["candidates"]), context["how"], ballot.places, request.POST)
    except Refusal as exc:
        context.update(refusal=exc.message, marked=_marks_as_typed(request.POST))
        return _render_paper(request, _paper_template(booth), context, status=exc.status_code)
    return render(request, "ballots/voting/review.html", _reviewed(context, prefs))


def _marks_as_typed(data) -> dict:
    """What the voter entered, to give the paper back as they left it after a refusal."""
    marks = {}
    for key in list(data.keys())[:500]:
        if key.startswith("rank-") and key[5:].isascii() and key[5:].isdigit() and len(key) < 20:
            marks[int(key[5:])] = (data.get(key) or "").strip()[:6]
    for value in data.getlist("choice")[:500]:
        if value.isascii() and value.isdigit() and len(value) < 12:
            marks[int(value)] = True
    return marks


def _reviewed(context: dict, prefs: list[int]) -> dict:
    names = {c.pk: c.display_name for c in context["candidates"]}
    unranked = [c.display_name for c in context["candidates"] if c.pk not in set(prefs)]
    context.update(
        chosen=selectors.named(prefs, names), fields=choices.as_fields(context["how"], prefs), preferences=prefs,
        unranked=choices.and_list(unranked) if unranked and prefs and context["how"] == choices.RANKED else "",
    )  # fmt: skip
    return context


def _paper_template(booth: Booth) -> str:
    return "ballots/voting/booth_ballot.html" if booth.at_meeting else "ballots/voting/ballot.html"


def _render_paper(request, template: str, context: dict, status: int = 200):
    """Render a page holding the ballot paper: each candidate beside the mark the voter last gave."""
    marked = context.get("marked") or {}
    context["rows"] = [(c, "" if marked.get(c.pk) is None else str(marked[c.pk])) for c in context["candidates"]]
    return render(request, template, context, status=status)


def _cast(request, ballot: OnlineBallot, booth: Booth):
    """The hot path (tens of casts a second): only what casting and the receipt need; the full
    page context only when a refusal sends the voter back to a page."""
    names = selectors.candidate_names(ballot)
    how = services.marking_of(ballot)
    try:
        prefs = choices.read_choices(names, how, ballot.places, request.POST)
    except Refusal as exc:
        context = _context(request, ballot, booth, refusal=exc.message, marked=_marks_as_typed(request.POST))
        return _render_paper(request, _paper_template(booth), context, status=exc.status_code)
    try:
        code = services.ballot_paper_cast(
            ballot=ballot, voter=booth.voter, preferences=prefs, at_meeting=booth.at_meeting
        )
    except Refusal as exc:  # closed, or already voted, since the review page was shown
        context = _context(request, ballot, booth, refusal=exc.message)
        return render(request, "ballots/voting/review.html", _reviewed(context, prefs), status=exc.status_code)
    context = {
        "ballot": ballot, "booth": booth, "how": how, "window": ballot.window(), "receipt": code,
        "chosen": selectors.named(prefs, names), "receipt_hash": receipts.code_hash(ballot.pk, code),
    }  # fmt: skip
    return render(request, "ballots/voting/receipt.html", context)


@login_required
@require_POST
@never_cache
def review(request, pk):
    ballot = selectors.ballot(pk)
    return _review(request, ballot, _member_voter(request, ballot))


@login_required
@require_POST
@never_cache
def cast(request, pk):
    ballot = selectors.ballot(pk)
    return _cast(request, ballot, _member_voter(request, ballot))


# --- at the meeting: a shared device, a one-time code, no sign-in -------------------------------


@require_http_methods(["GET", "POST"])
@never_cache
def booth(request, pk):
    """Start of a vote at the meeting: enter the code, then the ballot paper."""
    ballot = selectors.ballot(pk)
    form = BoothCodeForm(request.POST or None)
    context = {"ballot": ballot, "form": form, "window": ballot.window()}
    if not ballot.meeting_codes:
        context["refusal"] = "This ballot is online only: members vote from their own accounts."
        return render(
            request, "ballots/voting/booth_start.html", context, status=409 if request.method == "POST" else 200
        )
    if request.method == "POST" and form.is_valid():
        voter = _booth_voter(ballot, form.cleaned_data["code"])
        refusal = _refusal_now(ballot, voter)
        if refusal is None:  # a POST from the review step ("change my vote") carries the marks back
            paper = _context(request, ballot, voter)
            paper["marked"] = _marks(ballot, paper["candidates"], request.POST)
            return _render_paper(request, "ballots/voting/booth_ballot.html", paper)
        context["refusal"] = refusal.message
        return render(request, "ballots/voting/booth_start.html", context, status=refusal.status_code)
    return render(request, "ballots/voting/booth_start.html", context, status=422 if form.is_bound else 200)


@require_POST
@never_cache
def booth_review(request, pk):
    ballot = selectors.ballot(pk)
    return _review(request, ballot, _booth_voter(ballot, request.POST.get("code", "")))


@require_POST
@never_cache
def booth_cast(request, pk):
    ballot = selectors.ballot(pk)
    return _cast(request, ballot, _booth_voter(ballot, request.POST.get("code", "")))
