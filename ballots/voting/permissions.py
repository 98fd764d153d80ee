"""Who may run a ballot and who may read its published list. Pages and the websocket call these.

A CLP's nomination ballot is run by the CLP's secretary or chair (as its nominations are); a
section's ballot by the election's returning officers and staff. Running a ballot never lets
anyone see how people voted: no one sees a tally before the close.
"""

from __future__ import annotations

from ballots.voting.models import OnlineBallot, Voter
from elections.models import CLP, Section
from elections.permissions import can_manage_election, is_clp_officer, member_of, require


def can_run_clp_ballot(user, clp: CLP) -> bool:
    return is_clp_officer(user, clp)


def can_run_section_ballot(user, section: Section) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and can_manage_election(user, section.election)


def can_run(user, ballot: OnlineBallot) -> bool:
    if ballot.kind == OnlineBallot.Kind.CLP_NOMINATION:
        return can_run_clp_ballot(user, ballot.clp)
    return can_run_section_ballot(user, ballot.section)


def require_run_clp_ballot(user, clp: CLP) -> None:
    require(can_run_clp_ballot(user, clp), f"Only the secretary or chair of {clp} can run its ballots.")


def require_run_section_ballot(user, section: Section) -> None:
    require(
        can_run_section_ballot(user, section),
        f"Only the returning officers of {section.election} and staff can run the ballot for {section.name}.",
    )


def require_run(user, ballot: OnlineBallot) -> None:
    if ballot.kind == OnlineBallot.Kind.CLP_NOMINATION:
        require_run_clp_ballot(user, ballot.clp)
    else:
        require_run_section_ballot(user, ballot.section)


def on_electorate(user, ballot: OnlineBallot) -> bool:
    member = member_of(user)
    return member is not None and Voter.objects.filter(ballot=ballot, member=member).exists()


def can_read_list(user, ballot: OnlineBallot) -> bool:
    """The published ballot list is for the ballot's electorate and the people who ran it."""
    return can_run(user, ballot) or on_electorate(user, ballot)


def require_read_list(user, ballot: OnlineBallot) -> None:
    require(
        can_read_list(user, ballot),
        "The list of ballots cast is published to the members who could vote in this ballot.",
    )
