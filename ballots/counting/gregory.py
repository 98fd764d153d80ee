"""Weighted inclusive Gregory counting, shared by Scottish STV and WIGM.

Both rules move *every* paper a candidate holds (inclusive) when a surplus is transferred,
each paper carrying a new value computed from its present one (weighted). They differ only in
the quota, in how a transfer value is rounded, in how ties are broken and in whether a zero
surplus is "transferred"; those pieces are passed in by the rule module (``GregoryRule``).

The count is kept as parcels: identical papers that sit with the same candidate at the same
value. A parcel's votes are ``value * count`` exactly, so merging identical papers never changes
a figure. The arithmetic object ``A`` does every multiplication and division;
values themselves are only added, subtracted and compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .model import CountError, CountOptions, Election, Result, Stage
from .stvcommon import (
    GenderRule,
    TieBreaker,
    continuing_ranking,
    count_header,
    elect_in_vote_order,
)


@dataclass
class Parcel:
    count: int  # ballot papers in the parcel
    ranking: tuple[int, ...]  # one candidate per preference, withdrawn removed
    pos: int  # index of the preference the parcel now counts for
    value: Any  # present value of each paper


@dataclass
class GregoryRule:
    """What a Gregory rule decides for itself."""

    method: str
    quota: Callable[[Any, int, int], Any]  # (A, valid papers, seats) -> quota
    has_quota: Callable[[Any, Any], bool]  # (vote, quota)
    transfer_value: Callable[[Any, Any, Any, Any], Any]  # (A, paper value, surplus, total)
    transfer_zero_surplus: bool  # PRF WIGM B.3 "possibly zero"; the Scottish Order: "exceeds"
    look_back: bool  # break ties on earlier stages before lot (Scottish 49(2), 51(2))
    parameters: dict[str, str] = field(default_factory=dict)


class GregoryCount:
    def __init__(self, election: Election, options: CountOptions, rule: GregoryRule, A: Any):
        self.e, self.rule, self.A = election, rule, A
        self.seats = options.seats or election.seats
        self.names = election.candidates
        self.hopeful = [c for c in range(len(self.names)) if c not in election.withdrawn]
        if self.seats < 1 or self.seats > len(self.hopeful):
            raise CountError(f"cannot fill {self.seats} seats from {len(self.hopeful)} candidates")
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected, surplus not yet transferred
        self.excluded: list[int] = []
        self.piles: dict[int, list[Parcel]] = {c: [] for c in self.hopeful}
        self.votes = {c: A.zero for c in self.hopeful}
        self.exhausted = A.zero
        # A paper with no preference for a standing candidate is not a valid vote.
        self.papers = [(b.weight, continuing_ranking(b.ranking, election.withdrawn)) for b in election.ballots]
        self.valid = sum(w for w, r in self.papers if r)
        self.quota = rule.quota(A, self.valid, self.seats)
        self.stages: list[Stage] = []
        self.history: list[dict[int, Any]] = []  # votes at the end of each stage, for ties
        self.ties = TieBreaker(election, options, self.names, rule.look_back)
        self.gender = GenderRule(election, options, self.seats)
        self.notes: list[str] = []

    # -- helpers -----------------------------------------------------------------------------
    def fmt(self, v: Any) -> str:
        return self.A.fmt(v)

    def seats_left(self) -> int:
        return self.seats - len(self.elected)

    def place(self, parcel: Parcel, hopeful: set[int]) -> None:
        """Give a parcel to its next continuing (hopeful) candidate, or to the exhausted pile."""
        while parcel.pos < len(parcel.ranking) and parcel.ranking[parcel.pos] not in hopeful:
            parcel.pos += 1
        amount = parcel.value * parcel.count
        if parcel.pos >= len(parcel.ranking) or parcel.value == self.A.zero:
            self.exhausted += amount
            return
        c = parcel.ranking[parcel.pos]
        self.piles[c].append(parcel)
        self.votes[c] += amount

    def loss(self) -> Any:
        counted = sum((self.votes[c] for c in self.hopeful + self.elected), self.A.zero)
        return self.A.from_int(self.valid) - counted - self.exhausted

    # -- stages ------------------------------------------------------------------------------
    def first_stage(self) -> None:
        hopeful = set(self.hopeful)
        for weight, ranking in self.papers:
            if ranking:
                self.place(Parcel(weight, ranking, 0, self.A.one), hopeful)
        self.record("First preferences", before=None)

    def record(self, action: str, before: dict[int, Any] | None, excluded=()) -> None:
        elected_now = self.elect_with_quota()
        shown = self.hopeful + self.elected + list(excluded)
        tallies = {self.names[c]: self.fmt(self.votes.get(c, self.A.zero)) for c in sorted(shown)}
        transfers = {}
        if before is not None:
            transfers = {
                self.names[c]: self.fmt(self.votes.get(c, self.A.zero) - before[c])
                for c in sorted(before)
                if self.votes.get(c, self.A.zero) != before[c]
            }
        self.history.append(dict(self.votes))
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                tallies=tallies,
                exhausted=self.fmt(self.exhausted),
                elected=tuple(self.names[c] for c in elected_now),
                excluded=tuple(self.names[c] for c in excluded),
                transfers=transfers,
                loss=self.fmt(self.loss()),
                notes=tuple(self.notes),
            )
        )
        self.notes = []

    def elect_with_quota(self) -> list[int]:
        """Elect every hopeful candidate with a quota, highest vote first."""
        reached = [c for c in self.hopeful if self.rule.has_quota(self.votes[c], self.quota)]
        chosen = elect_in_vote_order(self, reached)
        self.pending.extend(chosen)
        return chosen

    def snapshot(self) -> dict[int, Any]:
        return {c: self.votes[c] for c in self.hopeful + self.elected}

    def transfer_surplus(self, c: int) -> None:
        before = self.snapshot()
        total, surplus = self.votes[c], self.votes[c] - self.quota
        parcels, self.piles[c] = self.piles[c], []
        hopeful = set(self.hopeful)
        for p in parcels:
            p.value = self.rule.transfer_value(self.A, p.value, surplus, total)
            self.place(p, hopeful)
        self.votes[c] = self.quota
        self.record(f"Surplus of {self.names[c]} ({self.fmt(surplus)}) transferred", before)

    def exclude(self, cands: list[int], why: str = "") -> None:
        before = self.snapshot()
        for c in cands:
            self.hopeful.remove(c)
            self.excluded.append(c)
        hopeful = set(self.hopeful)
        for c in cands:
            parcels, self.piles[c] = self.piles[c], []
            self.votes[c] = self.A.zero
            for p in parcels:
                self.place(p, hopeful)  # at its present value
        names = ", ".join(self.names[c] for c in cands)
        self.record(f"{names} excluded{why}", before, excluded=cands)

    # -- the count ---------------------------------------------------------------------------
    def complete(self) -> bool:
        return self.seats_left() <= 0 or len(self.hopeful) <= self.seats_left()

    def run(self) -> Result:
        self.first_stage()
        while not self.complete():
            forced = self.gender.men_to_exclude(self.hopeful, self.elected)
            if forced:
                self.notes.append(self.gender.exclusion_note(forced, self.elected))
                self.exclude(forced, " (gender quota)")
                continue
            self.pending = [c for c in self.pending if self.rule.transfer_zero_surplus or self.votes[c] != self.quota]
            if self.pending:
                self.transfer_surplus(self.choose_surplus())
                continue
            self.exclude([self.choose_lowest()])
        self.finish()
        return self.result()

    def choose_surplus(self) -> int:
        high = max(self.A.sort_key(self.votes[c]) for c in self.pending)
        tied = [c for c in self.pending if self.A.sort_key(self.votes[c]) == high]
        c = self.ties.choose(tied, "surplus order", self.history, highest=True, stage=len(self.stages) + 1)
        self.pending.remove(c)
        return c

    def choose_lowest(self) -> int:
        def lowest(among: list[int]) -> list[int]:
            low = min(self.A.sort_key(self.votes[c]) for c in among)
            return [c for c in among if self.A.sort_key(self.votes[c]) == low]

        pool = self.gender.excludable(self.hopeful, self.elected)
        tied = lowest(pool)
        if set(lowest(self.hopeful)) - set(pool):  # the gender minimum changed the choice
            self.notes.append(self.gender.protected_note(self.hopeful, self.elected))
        return self.ties.choose(tied, "exclusion", self.history, highest=False, stage=len(self.stages) + 1)

    def finish(self) -> None:
        """Rule 52 / PRF C: the last continuing candidates fill the last places."""
        if 0 < len(self.hopeful) <= self.seats_left():
            last = self.stages[-1]
            rest = sorted(self.hopeful, key=lambda c: (-self.A.sort_key(self.votes[c]), c))
            self.elected.extend(rest)
            self.hopeful = []
            note = "continuing candidates equal the places left: deemed elected"
            self.stages[-1] = Stage(
                **{
                    **last.__dict__,
                    "elected": last.elected + tuple(self.names[c] for c in rest),
                    "notes": last.notes + (note,),
                }
            )

    def result(self) -> Result:
        params = {"precision": self.A.describe(), **self.rule.parameters}
        params.update(self.gender.parameters())
        return Result(
            method=self.rule.method,
            elected=tuple(self.names[c] for c in self.elected),
            stages=tuple(self.stages),
            tiebreaks=tuple(self.ties.records),
            quota=self.fmt(self.quota),
            parameters=params,
            **count_header(self.e, self.seats, self.ties.seed, self.A, self.valid),
        )
