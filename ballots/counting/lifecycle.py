"""The life of an STV count, shared by every STV rule (ERS97, Scottish STV, WIGM, Meek).

Each rule module subclasses ``Count`` and supplies only its rule's decisions; the life of the
count is the same for all of them:

1. ``first_stage()``: the rule's first count of first preferences;
2. until the count is complete (every place filled, or no more continuing candidates than places
   left): if the gender minimum leaves no room for another man (``genderquota``), the continuing
   men are excluded (the rule's ``exclude_for_gender``); otherwise the rule takes its next step
   (``next_stage``: transfer a surplus, or exclude);
3. ``close()``: the continuing candidates fill the places left (a candidate with no votes is
   named in a note, and with ``CountOptions.zero_vote_places = "unfilled"`` leaves the place
   unfilled instead); or, with every place filled, the rule says what becomes of the rest
   (``seats_filled``);
4. ``result()``, through the one result builder ``build_result``.

Papers held in batches and sorted to their next continuing preference, and the record of
where each stage's value went, are in ``papers``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from .genderquota import Gender
from .model import ZERO_VOTE_PLACES, CountError, CountOptions, Election, Result, Stage
from .papers import Batch, FlowRecorder, number_of, sort_papers, without_withdrawn
from .tiebreak import TieBreaker, TieRule
from .version import ENGINE_VERSION


# -- the result -------------------------------------------------------------------------------
def build_result(
    *,
    method: str,
    election: Election,
    options: CountOptions,
    seats: int,
    candidates: Sequence[str],
    valid_votes: str,
    quota: str,
    elected: Iterable[int],
    stages: Sequence[Stage],
    ties: TieBreaker,
    parameters: Mapping[str, str],
    gender: Gender,
) -> Result:
    """The one way a count's ``Result`` is made: every rule (STV and simple) calls this."""
    names = election.candidates
    params = dict(parameters)
    params.update(gender.parameters())
    if options.zero_vote_places != "fill":
        params["zero_vote_places"] = options.zero_vote_places
    return Result(
        method=method,
        title=election.title,
        seats=seats,
        candidates=tuple(candidates),
        withdrawn=tuple(names[c] for c in sorted(election.withdrawn)),
        valid_votes=valid_votes,
        quota=quota,
        elected=tuple(names[c] for c in elected),
        stages=tuple(stages),
        tiebreaks=tuple(ties.records),
        seed=options.seed,
        input_sha256=election.input_sha256,
        parameters=params,
        engine_version=ENGINE_VERSION,
    )


def check_zero_vote_option(options: CountOptions) -> None:
    if options.zero_vote_places not in ZERO_VOTE_PLACES:
        raise CountError(f"zero_vote_places must be 'fill' or 'unfilled', not {options.zero_vote_places!r}")


def places_without_votes(
    candidates: Sequence[int], no_votes: Callable[[int], bool], gender: Gender, elected: Sequence[int], option: str
) -> tuple[list[int], list[int], list[str]]:
    """Candidates about to be elected because no one else is left, split into (elected, left
    out, notes). A candidate with no votes is named in a note; with ``option`` "unfilled" their
    place is left empty, unless the gender minimum needs them (no other woman being left)."""
    names = gender.names
    zero = [c for c in candidates if no_votes(c)]
    if not zero:
        return list(candidates), [], []
    if option == "fill":
        return list(candidates), [], [_no_votes_note(names, zero, "no other candidate was left to fill")]
    others = [c for c in candidates if c not in zero]
    needed = gender.women_needed(list(elected) + others)
    kept = [c for c in zero if c in gender.women][:needed]
    left = [c for c in zero if c not in kept]
    notes = []
    if left:
        n = len(left)
        notes.append(
            f"{n} place{'' if n == 1 else 's'} left unfilled: only {', '.join(names[c] for c in left)}, with no "
            f"votes, could have filled {'it' if n == 1 else 'them'}, and this count leaves such places unfilled."
        )
    if kept:
        notes.append(_no_votes_note(names, kept, "the gender minimum needs a woman for"))
    return [c for c in candidates if c not in left], left, notes


def _no_votes_note(names: Sequence[str], zero: Sequence[int], why: str) -> str:
    n = len(zero)
    return (
        f"{', '.join(names[c] for c in zero)} {'has' if n == 1 else 'have'} no votes but "
        f"{'is' if n == 1 else 'are'} elected: {why} {'that place' if n == 1 else 'those places'}."
    )


# -- the count --------------------------------------------------------------------------------
class Count:
    """State and life shared by every STV rule. Subclasses set ``method`` and implement
    ``first_stage``, ``next_stage``, ``exclude_for_gender``, ``fill_note`` and ``result``."""

    method = ""

    def __init__(self, election: Election, options: CountOptions, A, ties: TieRule) -> None:
        self.election, self.options, self.A = election, options, A
        self.names = election.candidates
        self.seats = options.seats or election.seats
        self.standing = [c for c in range(len(self.names)) if c not in election.withdrawn]
        self.check_seats()
        check_zero_vote_option(options)
        self.hopeful = list(self.standing)  # continuing: neither elected nor excluded
        self.cont = [c in set(self.standing) for c in range(len(self.names))]
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.stages: list[Stage] = []
        self.history: list = []  # votes at earlier points of the count, for ties
        self.notes: list[str] = []  # notes for the next stage recorded
        self.ties = TieBreaker(options.seed, self.names, ties, election.options)
        self.gender = Gender(election, options, self.seats)

    def check_seats(self) -> None:
        if self.seats < 1 or self.seats > len(self.standing):
            raise CountError(f"cannot fill {self.seats} seats from {len(self.standing)} candidates")

    # -- the life of the count -----------------------------------------------------------
    def run(self) -> Result:
        self.first_stage()
        while not self.complete():
            men = self.gender.men_to_exclude(self.hopeful, self.elected)
            if men:
                self.exclude_for_gender(men, self.gender.exclusion_note(men, self.elected))
            else:
                self.next_stage()
        self.close()
        return self.result()

    def seats_left(self) -> int:
        return self.seats - len(self.elected)

    def complete(self) -> bool:
        return self.seats_left() <= 0 or len(self.hopeful) <= self.seats_left()

    def close(self) -> None:
        """The count ends: continuing candidates fill the places left, or (every place
        filled) the rule decides what becomes of them."""
        rest = self.by_votes(self.hopeful)
        if not rest:
            return
        if self.seats_left() <= 0:
            self.seats_filled(rest)
            return
        note = self.fill_note(len(rest), self.seats_left())
        elected, unfilled, notes = self.fill_places(rest)
        self.amend_last_stage(elected=elected, excluded=unfilled, notes=[note, *notes])

    def seats_filled(self, rest: list[int]) -> None:
        """Every place is filled: by default the others are simply not elected."""

    def fill_note(self, continuing: int, places_left: int) -> str:
        raise NotImplementedError

    def fill_places(self, rest: list[int]) -> tuple[list[int], list[int], list[str]]:
        """Deem ``rest`` elected, except (by the count's option) candidates with no votes, who
        are then excluded and their places left unfilled. Returns (elected, unfilled, notes)."""
        zero = self.A.zero
        elected, unfilled, notes = places_without_votes(
            rest, lambda c: self.votes[c] == zero, self.gender, self.elected, self.options.zero_vote_places
        )
        for c in elected:
            self.mark_elected(c)
        for c in unfilled:
            self.mark_excluded(c)
        return elected, unfilled, notes

    # -- changes of state ----------------------------------------------------------------
    def mark_elected(self, c: int) -> None:
        self.hopeful.remove(c)
        self.cont[c] = False
        self.elected.append(c)

    def mark_excluded(self, c: int) -> None:
        self.hopeful.remove(c)
        self.cont[c] = False
        self.excluded.append(c)

    def by_votes(self, cands: Iterable[int], ascending: bool = False) -> list[int]:
        """Highest vote first (lowest first if ``ascending``), then candidate order."""
        key, votes = self.A.key, self.votes
        if ascending:
            return sorted(cands, key=lambda c: (key(votes[c]), c))
        return sorted(cands, key=lambda c: (-key(votes[c]), c))

    def elect_in_vote_order(self, reached: list[int]) -> list[int]:
        """Elect the hopeful candidates in ``reached`` (who have a quota), highest vote first,
        until the places are filled; a man the gender minimum forbids is passed over (noted)."""

        def break_tie(tied: list[int]) -> int:
            stage = len(self.stages) + 1
            return self.ties.choose(tied, self.history, stage=stage, purpose="election order", prefer="highest")

        # Who goes first matters only when the gender minimum may pass someone over.
        ordered = self._highest_first(reached, break_tie if self.gender else None)
        chosen = []
        for c in ordered:
            if self.seats_left() <= 0:
                break
            if not self.gender.may_elect(c, self.elected):
                self.notes.append(self.gender.passed_over_note(c, self.elected))
                continue
            self.mark_elected(c)
            chosen.append(c)
        return chosen

    def _highest_first(self, cands: list[int], break_tie: Callable[[list[int]], int] | None) -> list[int]:
        key, votes = self.A.key, self.votes
        ordered = sorted(cands, key=lambda c: (-key(votes[c]), c))
        if break_tie is None:
            return ordered
        out: list[int] = []
        while ordered:
            group = [c for c in ordered if key(votes[c]) == key(votes[ordered[0]])]
            while len(group) > 1:
                c = break_tie(group)
                out.append(c)
                group.remove(c)
                ordered.remove(c)
            out.append(group[0])
            ordered.remove(group[0])
        return out

    def lowest_to_exclude(self, tied_lowest: Callable[[list[int]], list[int]]) -> int:
        """The candidate to exclude: the lowest (as the rule's ``tied_lowest`` finds them)
        among those the gender minimum lets go, ties settled by the rule's tie rule."""
        pool = self.gender.excludable(self.hopeful, self.elected)
        tied = tied_lowest(pool)
        if set(tied_lowest(self.hopeful)) - set(pool):  # the gender minimum changed the choice
            self.notes.append(self.gender.protected_note(self.hopeful, self.elected))
        stage = len(self.stages) + 1
        return self.ties.choose(tied, self.history, stage=stage, purpose="exclusion", prefer="lowest")

    # -- stages --------------------------------------------------------------------------
    def changes(self, shown: Iterable[int], before: Mapping[int, Any]) -> dict[str, str]:
        """Each shown candidate's change since ``before`` (candidates whose vote moved)."""
        zero, votes, fmt = self.A.zero, self.votes, self.A.format
        return {
            self.names[c]: fmt(votes.get(c, zero) - before[c])
            for c in shown
            if c in before and votes.get(c, zero) != before[c]
        }

    def amend_last_stage(self, *, elected=(), excluded=(), notes=()) -> None:
        """Add to the last stage the candidates the count's end elects or excludes there."""
        last = self.stages[-1]
        self.stages[-1] = replace(
            last,
            elected=last.elected + tuple(self.names[c] for c in elected),
            excluded=last.excluded + tuple(self.names[c] for c in excluded),
            notes=last.notes + tuple(notes),
        )

    def result_of(self, *, candidates, valid_votes: str, quota: str, parameters: Mapping[str, str]) -> Result:
        return build_result(
            method=self.method,
            election=self.election,
            options=self.options,
            seats=self.seats,
            candidates=candidates,
            valid_votes=valid_votes,
            quota=quota,
            elected=self.elected,
            stages=self.stages,
            ties=self.ties,
            parameters=parameters,
            gender=self.gender,
        )

    # -- supplied by each rule -----------------------------------------------------------
    votes: Any  # the candidates' votes, indexable by candidate number

    def first_stage(self) -> None:
        raise NotImplementedError

    def next_stage(self) -> None:
        raise NotImplementedError

    def exclude_for_gender(self, men: list[int], note: str) -> None:
        raise NotImplementedError

    def result(self) -> Result:
        raise NotImplementedError


class InclusiveGregory(Count):
    """The papers of the inclusive Gregory rules (Scottish STV, WIGM): a surplus moves *every*
    paper its candidate holds, each at a new value computed from its present one; an excluded
    candidate's papers move at their present values, all in one stage.

    A rule supplies ``quota``, ``has_quota`` and ``transfer_value``, and its own
    ``next_stage``. Papers are held in batches by value; a preference shared by two or more
    candidates (``a=b``) cannot be followed under these rules, so a paper ends there."""

    def __init__(self, election: Election, options: CountOptions, A, ties: TieRule) -> None:
        super().__init__(election, options, A, ties)
        self.pending: list[int] = []  # elected, surplus not yet transferred
        # Each candidate's papers, in batches by value (papers at one value move together).
        self.piles: dict[int, dict[Any, Batch]] = {c: {} for c in self.hopeful}
        self.votes = {c: A.zero for c in self.hopeful}
        self.exhausted = A.zero
        papers = [(b.weight, self._prefs(b.ranking)) for b in election.ballots]
        self.papers = [(w, prefs) for w, prefs in papers if prefs]
        self.valid = sum(w for w, _ in self.papers)  # a paper with no preference is not a vote
        self.quota = self.quota_for(self.valid)

    def _prefs(self, ranking) -> tuple:
        """The ranking up to its first equal marks for standing candidates; empty if it has no
        preference for a standing candidate before them."""
        withdrawn = self.election.withdrawn
        if not withdrawn and max(map(len, ranking), default=1) == 1:
            return ranking  # the usual paper: one candidate to each mark
        live = without_withdrawn(ranking, withdrawn)
        cut = next((i for i, rank in enumerate(live) if len(rank) > 1), len(live))
        return live[:cut]

    # -- supplied by the rule ------------------------------------------------------------
    def quota_for(self, valid: int) -> Any:
        raise NotImplementedError

    def has_quota(self, vote) -> bool:
        raise NotImplementedError

    def transfer_value(self, value, surplus, total) -> Any:
        raise NotImplementedError

    # -- moving papers -------------------------------------------------------------------
    def move(self, source, papers: list, value, flows: FlowRecorder | None) -> Any:
        """Give ``papers``, each now worth ``value``, to their next continuing candidates;
        papers with none, or worth nothing, are exhausted. Returns the value moved."""
        zero = self.A.zero
        piles, sizes, lost = sort_papers(papers, self.cont) if value != zero else ({}, {}, number_of(papers))
        moved, key = zero, self.A.key(value)
        for c, pile in piles.items():
            size = sizes[c]
            amount = value * size
            held = self.piles[c]
            if key in held:
                held[key].papers.extend(pile)
                held[key].size += size
            else:
                held[key] = Batch(value, pile, size)
            self.votes[c] += amount
            moved += amount
            if flows:
                flows.to(source, c, amount)
        gone = value * lost
        self.exhausted += gone
        if flows:
            flows.nontransferable(source, gone)
        return moved + gone

    def first_stage(self) -> None:
        self.move(None, self.papers, self.A.one, None)
        self.record("First preferences", before=None)

    def transfer_surplus(self, c: int) -> None:
        before = self.snapshot()
        total, surplus = self.votes[c], self.votes[c] - self.quota
        batches, self.piles[c] = self.piles[c].values(), {}
        flows, moved = FlowRecorder(self.A), self.A.zero
        for batch in batches:
            moved += self.move(c, batch.papers, self.transfer_value(batch.value, surplus, total), flows)
        flows.loss(c, surplus - moved)
        self.votes[c] = self.quota
        self.record(f"Surplus of {self.names[c]} ({self.A.format(surplus)}) transferred", before, flows=flows)

    def exclude(self, cands: list[int], why: str = "") -> None:
        before = self.snapshot()
        for c in cands:
            self.mark_excluded(c)
        flows = FlowRecorder(self.A)
        for c in cands:
            batches, self.piles[c] = self.piles[c].values(), {}
            self.votes[c] = self.A.zero
            for batch in batches:
                self.move(c, batch.papers, batch.value, flows)  # at its present value
        names = ", ".join(self.names[c] for c in cands)
        self.record(f"{names} excluded{why}", before, excluded=cands, flows=flows)

    def exclude_for_gender(self, men: list[int], note: str) -> None:
        self.notes.append(note)
        self.exclude(men, " (gender quota)")

    def largest_surplus(self) -> int:
        high = max(self.A.key(self.votes[c]) for c in self.pending)
        tied = [c for c in self.pending if self.A.key(self.votes[c]) == high]
        stage = len(self.stages) + 1
        c = self.ties.choose(tied, self.history, stage=stage, purpose="surplus order", prefer="highest")
        self.pending.remove(c)
        return c

    def lowest(self, among: list[int]) -> list[int]:
        low = min(self.A.key(self.votes[c]) for c in among)
        return [c for c in among if self.A.key(self.votes[c]) == low]

    # -- stages --------------------------------------------------------------------------
    def snapshot(self) -> dict[int, Any]:
        return {c: self.votes[c] for c in self.hopeful + self.elected}

    def loss(self) -> Any:
        counted = sum((self.votes[c] for c in self.hopeful + self.elected), self.A.zero)
        return self.A.whole(self.valid) - counted - self.exhausted

    def record(self, action: str, before: dict[int, Any] | None, excluded=(), flows=None) -> None:
        """A stage: first elect everyone who now has a quota, highest vote first."""
        reached = [c for c in self.hopeful if self.has_quota(self.votes[c])]
        elected_now = self.elect_in_vote_order(reached)
        self.pending.extend(elected_now)
        shown = sorted(self.hopeful + self.elected + list(excluded))
        fmt = self.A.format
        self.history.append(dict(self.votes))
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                tallies={self.names[c]: fmt(self.votes.get(c, self.A.zero)) for c in shown},
                exhausted=fmt(self.exhausted),
                elected=tuple(self.names[c] for c in elected_now),
                excluded=tuple(self.names[c] for c in excluded),
                transfers=self.changes(shown, before) if before is not None else {},
                loss=fmt(self.loss()),
                notes=tuple(self.notes),
                flows=flows.flows(self.names) if flows else (),
            )
        )
        self.notes = []

    def fill_note(self, continuing: int, places_left: int) -> str:
        return "continuing candidates equal the places left: deemed elected"

    def gregory_result(self, parameters: Mapping[str, str]) -> Result:
        return self.result_of(
            candidates=self.names,
            valid_votes=self.A.format(self.A.whole(self.valid)),
            quota=self.A.format(self.quota),
            parameters={"precision": self.A.describe(), **parameters},
        )
