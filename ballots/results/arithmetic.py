"""The arithmetic a scrutineer's return must satisfy before it is accepted, and its tally.

Plain functions over plain numbers so the rules read like the checklist a returning officer
uses on the night.
"""

from __future__ import annotations

import random

from ballots.counting.model import Result, Stage, TieBreak
from ballots.counting.version import ENGINE_VERSION


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


def tally_return(*, title, names, votes, seats, min_women, women, seed, method, input_sha256) -> Result:
    """Elect the ``seats`` highest totals, ties by lot with ``seed``, honouring the gender minimum.

    Where too few women are among the highest totals, the lowest-placed men give way to the
    highest-placed women not yet elected, and the stage notes say so.
    """
    rng = random.Random(seed)
    order = list(names)
    rng.shuffle(order)  # the lot: used only to order equal totals
    lot = {name: i for i, name in enumerate(order)}
    ranked = sorted(names, key=lambda n: (-votes[n], lot[n]))
    tiebreaks = _ties(ranked, votes, seats)
    elected = ranked[:seats]
    notes: list[str] = []
    women_in = [n for n in elected if n in women]
    if len(women_in) < min_women:
        give_way = [n for n in reversed(elected) if n not in women][: min_women - len(women_in)]
        come_in = [n for n in ranked[seats:] if n in women][: len(give_way)]
        for man, woman in zip(give_way, come_in):
            elected[elected.index(man)] = woman
            notes.append(f"Gender minimum ({min_women} women): {woman} elected in place of {man}.")
        elected.sort(key=lambda n: ranked.index(n))
    stage = Stage(
        number=1,
        action="Votes as returned by the scrutineer",
        tallies={n: str(votes[n]) for n in names},
        exhausted="0",
        elected=tuple(elected),
        notes=tuple(notes),
    )
    total = sum(votes.values())
    return Result(
        method=method,
        title=title,
        seats=seats,
        candidates=tuple(names),
        withdrawn=(),
        valid_votes=str(total),
        quota="",
        elected=tuple(elected),
        stages=(stage,),
        tiebreaks=tuple(tiebreaks),
        seed=seed,
        input_sha256=input_sha256,
        parameters={"rules": "highest totals elected (scrutineer's return)", "min_women": str(min_women)},
        engine_version=ENGINE_VERSION,
    )


def _ties(ranked: list[str], votes: dict[str, int], seats: int) -> list[TieBreak]:
    """A tie matters only where it straddles the last place."""
    if len(ranked) <= seats:
        return []
    edge = votes[ranked[seats - 1]]
    tied = [n for n in ranked if votes[n] == edge]
    if votes[ranked[seats]] != edge:
        return []
    chosen = [n for n in ranked[:seats] if n in tied]
    return [
        TieBreak(
            stage=1,
            purpose="election",
            candidates=tuple(sorted(tied)),
            method="lot",
            chosen=", ".join(chosen),
            explanation=f"{len(tied)} candidates tied on {edge:,} votes for the last places; decided by lot.",
        )
    ]
