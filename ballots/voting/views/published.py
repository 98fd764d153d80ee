"""After the close: the published ballot list (with a receipt check), its BLT and CSV, and a CLP
ballot's result. Before the close every one of these answers 409: there is nothing to show yet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ballots.nominations.checks import when
from ballots.results import sheet
from ballots.voting import permissions, selectors
from ballots.voting.forms import ReceiptForm
from ballots.voting.models import OnlineBallot
from elections import csvfiles
from elections.models import Candidate

PER_PAGE = 100


def _not_yet(request, ballot: OnlineBallot, what: str):
    """``what``: "The list of ballots cast is published", for example."""
    _opens, closes = ballot.window()
    message = f"{what} when the ballot closes, at {when(closes)}."
    return render(request, "ballots/voting/not_yet.html", {"ballot": ballot, "refusal": message}, status=409)


def _names(ballot: OnlineBallot) -> dict[int, str]:
    return {c.pk: c.display_name for c in selectors.candidates(ballot)}


@login_required
@require_http_methods(["GET", "POST"])
def papers(request, pk):
    ballot = selectors.ballot(pk)
    permissions.require_read_list(request.user, ballot)
    if not ballot.sealed:
        return _not_yet(request, ballot, "The list of ballots cast is published")
    names = _names(ballot)
    form = ReceiptForm(request.POST or None)
    found = missing = None
    if request.method == "POST" and form.is_valid():  # POST: a receipt code is never put in a URL or a log
        hit = selectors.receipt_lookup(ballot, form.cleaned_data["code"])
        if hit:
            found = {
                "position": hit[0],
                "hash": hit[1].receipt_hash,
                "chosen": selectors.named(hit[1].preferences, names),
            }
        else:
            missing = "No ballot in this list has that receipt code. Check the code as it was shown when you voted."
    page = Paginator(selectors.published_papers(ballot), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {"position": page.start_index() + i, "hash": p.receipt_hash, "chosen": selectors.named(p.preferences, names)}
        for i, p in enumerate(page.object_list)
    ]
    context = {
        "ballot": ballot, "page": page, "rows": rows, "form": form, "found": found, "missing": missing,
        "candidates": list(names.values()), "cli": _cli(ballot),
    }  # fmt: skip
    return render(request, "ballots/voting/papers.html", context, status=200)


def _cli(ballot: OnlineBallot) -> str:
    women = ""
    if ballot.min_women:
        names = Candidate.objects.filter(pk__in=ballot.candidate_ids, gender="woman").order_by("display_name")
        women = f' --min-women {ballot.min_women} --women "{",".join(n.display_name for n in names)}"'
    return f"python -m ballots.counting ballots.blt --method {ballot.method} --seats {ballot.places}{women} --seed {ballot.seed}"


@login_required
@require_GET
def papers_blt(request, pk):
    ballot = selectors.ballot(pk)
    permissions.require_read_list(request.user, ballot)
    if not ballot.sealed:
        return _not_yet(request, ballot, "The ballot file is published")
    name = f"ballot-{ballot.pk}-{ballot.sealed_sha256[:12]}.blt"
    return FileResponse(default_storage.open(ballot.sealed_file.name, "rb"), as_attachment=True, filename=name)


@login_required
@require_GET
def papers_csv(request, pk):
    """The published list as CSV, streamed (130,000 rows): position, receipt hash, preferences."""
    ballot = selectors.ballot(pk)
    permissions.require_read_list(request.user, ballot)
    if not ballot.sealed:
        return _not_yet(request, ballot, "The list of ballots cast is published")
    names = _names(ballot)

    def rows():
        yield ["position", "receipt_hash", "preferences"]
        papers = selectors.published_papers(ballot).values_list("receipt_hash", "preferences")
        for i, (digest, prefs) in enumerate(papers.iterator(chunk_size=2000), start=1):
            yield [i, digest, "; ".join(selectors.named(prefs, names))]  # names are the candidates' own words

    return csvfiles.csv_stream_response(f"ballot-{ballot.pk}-papers.csv", rows())


@login_required
@require_GET
def result(request, pk):
    """A CLP ballot's count: for its electorate and officers once counted."""
    ballot = selectors.ballot(pk)
    if ballot.kind == OnlineBallot.Kind.SECTION:  # the results pages show a section's result when declared
        return redirect("results:section", ballot.section.election.slug, ballot.section.slug)
    permissions.require_read_list(request.user, ballot)
    outcome = selectors.clp_result(ballot)
    if outcome is None:
        if not ballot.sealed:
            return _not_yet(request, ballot, "The result is published")
        context = {"ballot": ballot, "refusal": "The votes have not been counted yet."}
        return render(request, "ballots/voting/not_yet.html", context, status=409)
    context = {
        "ballot": ballot, "result": outcome, "tables": sheet.stage_tables(outcome), "notes": sheet.quota_notes(outcome),
        "can_run": permissions.can_run(request.user, ballot),
    }  # fmt: skip
    return render(request, "ballots/voting/result.html", context)
