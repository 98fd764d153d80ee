"""Reads for online ballots: where a member stands, the candidates in the order a voter sees them,
turnout, and the published list. Nothing here reads a paper of an open ballot."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ballots.nominations.checks import when
from ballots.results.resultdata import result_from_json
from ballots.voting import electorate, receipts
from ballots.voting.models import BallotPaper, OnlineBallot, RegisterMark, Voter
from ballots.voting.services.casting import cast_refusal
from elections.models import Candidate, CLPOfficer, Statement, StatementKind
from elections.permissions import member_of
from elections.selectors import published_view


def ballot(pk: int) -> OnlineBallot:
    return get_object_or_404(OnlineBallot.objects.select_related("section__election", "clp"), pk=pk)


def candidates(ballot: OnlineBallot) -> list[Candidate]:
    """The ballot's candidates in the sealed file's order, with their ballot statements."""
    statements = Statement.objects.filter(kind=StatementKind.BALLOT).select_related("published")
    found = (
        Candidate.objects.select_related("home_clp")
        .prefetch_related(Prefetch("statements", queryset=statements))
        .in_bulk(ballot.candidate_ids)
    )
    people = [found[cid] for cid in ballot.candidate_ids if cid in found]
    for c in people:
        c.ballot_view = published_view(next(iter(c.statements.all()), None))
    return people


def candidate_names(ballot: OnlineBallot) -> dict[int, str]:
    """{candidate id: name as shown}, for reading a paper and writing a receipt (one small query)."""
    return dict(Candidate.objects.filter(pk__in=ballot.candidate_ids).values_list("pk", "display_name"))


def voter_of_user(ballot: OnlineBallot, user) -> Voter | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Voter.objects.filter(ballot=ballot, member__user=user).first()


def _surname_key(candidate: Candidate) -> tuple[str, str]:
    words = candidate.display_name.split()
    return (words[-1].casefold() if words else "", candidate.display_name.casefold())


def rotation(ballot_id: int, voter_id: int, n: int) -> int:
    """Where a voter's rotated list starts: the same on every visit, unrelated to anything stored with a paper."""
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, f"nec-ballot:rotation:{ballot_id}:{voter_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % n if n else 0


def display_order(ballot: OnlineBallot, people: list[Candidate], voter: Voter | None) -> list[Candidate]:
    ordered = sorted(people, key=_surname_key)
    if ballot.candidate_order == OnlineBallot.Order.ROTATED and voter is not None and ordered:
        start = rotation(ballot.pk, voter.pk, len(ordered))
        ordered = ordered[start:] + ordered[:start]
    return ordered


@dataclass
class Standing:
    """Where the signed-in person stands in a ballot."""

    voter: Voter | None = None
    voted: bool = False
    can_vote: bool = False
    reasons: list[str] = field(default_factory=list)  # why they cannot vote (not on the electorate)
    refusal: str = ""  # why nobody can vote now (closed, not yet open, at the meeting only)


def standing(ballot: OnlineBallot, user, now: dt.datetime) -> Standing:
    member = member_of(user)
    if member is None:
        return Standing(reasons=["Your account has no membership record, so you cannot vote."])
    voter = Voter.objects.filter(ballot=ballot, member=member).first()
    if voter is None:
        return Standing(reasons=not_on_electorate(ballot, member))
    voted = RegisterMark.objects.filter(voter=voter).exists()
    refusal = cast_refusal(ballot, now)
    return Standing(
        voter=voter, voted=voted, can_vote=not voted and refusal is None, refusal=refusal.message if refusal else ""
    )


def not_on_electorate(ballot: OnlineBallot, member) -> list[str]:
    why = electorate.reasons(electorate.for_ballot(ballot), member)
    if why:
        return why
    who = f"the secretary or chair of {ballot.clp}" if ballot.clp_id else "the returning officers"
    return [
        f"You were not on the electorate when it was drawn up at {when(ballot.opened_at)}. If you should be "
        f"(for example, you have since been restored to good standing), ask {who} to add you."
    ]


def turnout(ballot: OnlineBallot) -> dict:
    size, voted = ballot.electorate_size, ballot.turnout
    percent = f"{100 * voted / size:.1f}" if size else "0.0"
    return {"turnout": voted, "electorate": size, "percent": percent}


def published_papers(ballot: OnlineBallot) -> QuerySet[BallotPaper]:
    """The sealed list, in published (receipt-hash) order: only after the close."""
    if not ballot.sealed:
        return BallotPaper.objects.none()
    return BallotPaper.objects.filter(ballot=ballot).order_by("receipt_hash")


def receipt_lookup(ballot: OnlineBallot, code: str) -> tuple[int, BallotPaper] | None:
    """(position in the published list, paper) for a receipt code, or None."""
    if not ballot.sealed or receipts.normalise(code) is None:
        return None
    digest = receipts.code_hash(ballot.pk, code)
    paper = BallotPaper.objects.filter(ballot=ballot, receipt_hash=digest).first()
    if paper is None:
        return None
    position = BallotPaper.objects.filter(ballot=ballot, receipt_hash__lt=digest).count() + 1
    return position, paper


def named(preferences: list[int], names: dict[int, str]) -> list[str]:
    return [names.get(cid, "?") for cid in preferences]


def clp_result(ballot: OnlineBallot):
    return result_from_json(ballot.result_json) if ballot.result_json else None


def ballots_for(user) -> dict:
    """Ballots the person is on the electorate of, and ballots they run."""
    member = member_of(user)
    mine = []
    if member is not None:
        mine = list(
            OnlineBallot.objects.filter(voters__member=member).select_related("section__election", "clp").distinct()
        )
    return {"mine": mine, "run": list(ballots_run_by(user))}


def ballots_run_by(user) -> QuerySet[OnlineBallot]:
    """The same people as ``permissions.can_run``, as one query."""
    clps = CLPOfficer.objects.filter(user=user).values("clp_id")
    q = Q(kind=OnlineBallot.Kind.CLP_NOMINATION, clp__in=clps)
    section_ballots = Q(kind=OnlineBallot.Kind.SECTION)
    if not user.is_staff:
        section_ballots &= Q(section__election__returning_officers=user)
    return OnlineBallot.objects.filter(q | section_ballots).select_related("section__election", "clp").distinct()
