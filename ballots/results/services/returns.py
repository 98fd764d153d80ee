"""Scrutineers' returns: totals accepted only when they add up."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ballots.counting import methods as engine_methods
from ballots.results import resultdata
from ballots.results.models import BallotReturn
from ballots.results.permissions import require_manage
from ballots.results.services.ballot_sets import section_freeze
from ballots.results.services.declaration import require_not_declared
from elections.audit import audit_record
from elections.models import Section

RETURN_METHODS = tuple(m.name for m in engine_methods.totals_methods())  # the engine counts their totals


def return_record(
    *,
    section: Section,
    user,
    method: str,
    electorate: int,
    ballots_issued: int,
    ballots_returned: int,
    ballots_spoilt: int,
    ballots_valid: int,
    votes: dict[int, int],
    scrutineer: str = "",
) -> BallotReturn:
    """Accept a scrutineer's totals only if they add up; ``votes`` maps candidate id to votes."""
    require_manage(user, section, "record a scrutineer's return")
    require_not_declared(section)
    if method not in RETURN_METHODS:
        raise ValidationError({"method": "A return can be recorded only for first past the post or block vote."})
    candidates = list(section.candidates.filter(withdrawn=False))
    unknown = set(votes) - {c.pk for c in candidates}
    if unknown:
        raise ValidationError({"votes": f"Votes given for candidates not standing in {section}."})
    with transaction.atomic():
        section = Section.objects.select_for_update(of=("self",)).select_related("election").get(pk=section.pk)
        require_not_declared(section)
        ret = BallotReturn(
            section=section, method=method, electorate=electorate, ballots_issued=ballots_issued,
            ballots_returned=ballots_returned, ballots_spoilt=ballots_spoilt, ballots_valid=ballots_valid,
            votes=[[c.pk, c.display_name, votes.get(c.pk, 0)] for c in candidates], scrutineer=scrutineer,
            recorded_by=user,
        )  # fmt: skip
        ret.full_clean()
        ret.save()
        section_freeze(section)
        audit_record(
            actor=user,
            action="return.recorded",
            section=section,
            obj=ret,
            details={"method": method, "valid": ballots_valid},
        )
    return ret


def return_hash(ballot_return: BallotReturn) -> str:
    text = resultdata.canonical(
        {
            k: getattr(ballot_return, k)
            for k in (
                "method",
                "electorate",
                "ballots_issued",
                "ballots_returned",
                "ballots_spoilt",
                "ballots_valid",
                "votes",
            )
        }
    )
    return resultdata.sha256_text(text)
