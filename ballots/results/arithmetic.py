"""The arithmetic a scrutineer's return must satisfy before it is accepted.

Plain functions over plain numbers so the rules read like the checklist a returning officer
uses on the night. The return's tally (who is elected) is the engine's: ``ballots.counting.
count_totals``, the same tally, lot and gender rule as a count of the papers.
"""

from __future__ import annotations


def return_errors(ret) -> dict[str, str]:
    """Field -> reason for every figure in ``ret`` (a BallotReturn) that does not add up."""
    errors: dict[str, str] = {}
    figures = ("electorate", "ballots_issued", "ballots_returned", "ballots_spoilt", "ballots_valid")
    if any(getattr(ret, f) is None for f in figures):
        return errors  # the form reports missing figures itself
    if ret.ballots_issued > ret.electorate:
        errors["ballots_issued"] = (
            f"Ballots issued ({ret.ballots_issued:,}) exceed the electorate ({ret.electorate:,})."
        )
    if ret.ballots_returned > ret.ballots_issued:
        errors["ballots_returned"] = (
            f"Ballots returned ({ret.ballots_returned:,}) exceed the ballots issued ({ret.ballots_issued:,})."
        )
    if ret.ballots_spoilt + ret.ballots_valid != ret.ballots_returned:
        errors["ballots_valid"] = (
            f"Spoilt ({ret.ballots_spoilt:,}) plus valid ({ret.ballots_valid:,}) is "
            f"{ret.ballots_spoilt + ret.ballots_valid:,}, not the {ret.ballots_returned:,} ballots returned."
        )
    votes = [row[2] for row in ret.votes or []]
    if any((not isinstance(v, int)) or v < 0 for v in votes):
        errors["votes"] = "Each candidate's votes must be a whole number, 0 or more."
        return errors
    total = sum(votes)
    seats = ret.section.seats if ret.section_id else 1
    if ret.method == "fptp" and total != ret.ballots_valid:
        errors["votes"] = f"The candidates' votes add up to {total:,}, not the {ret.ballots_valid:,} valid ballots."
    elif ret.method == "block" and total > ret.ballots_valid * seats:
        errors["votes"] = (
            f"The candidates' votes add up to {total:,}, more than {ret.ballots_valid:,} valid ballots "
            f"× {seats} votes each ({ret.ballots_valid * seats:,})."
        )
    elif ret.method == "block":
        over = [row[1] for row in ret.votes if row[2] > ret.ballots_valid]
        if over:
            errors["votes"] = (
                f"{', '.join(over)} cannot have more votes than there are valid ballots ({ret.ballots_valid:,})."
            )
    return errors
