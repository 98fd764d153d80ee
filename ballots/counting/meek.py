"""Meek STV (Hill, Wichmann & Woodall; the New Zealand form), with keep factors.

Written beside the Proportional Representation Foundation's "Reference Meek Rule" (droop's
``meek-prf``), the default here:

A    Every hopeful candidate's keep factor kf is 1 (withdrawn: 0). omega = 0.000001.
B.1  The count is complete when all seats are filled, or elected + hopeful <= seats.
B.2  Iterate:
  a  Distribute: each ballot starts with weight w = 1; each candidate in turn keeps
     w x kf (to 9 places, rounded up) and w is reduced by that, until w is 0 or the
     ranking ends. What is left is exhausted.
  b  Quota = total vote of all candidates / (seats + 1), truncated, plus 0.000000001: it
     shrinks as ballots exhaust.
  c  Elect each hopeful candidate with vote >= quota (then go to B.1).
  d  Total surplus s = sum over elected candidates of (vote - quota), at least 0.
  e  Stop iterating when s < omega, or when s has not fallen since the last iteration.
  f  Otherwise kf = kf x quota (rounded up) / vote (rounded up) for each elected candidate.
B.3  Defeat the lowest hopeful candidate (candidates within s of the lowest count as tied;
     ties by a predetermined random order); their kf becomes 0.

Convergence tolerance: omega is stated in ``Result.parameters["tolerance"]`` and each stage's
action. Other variants (``count_with``) reproduce droop's "Meek Parametric" rule, which differs
in (i) keep = w x kf and w = w x (1 - kf), both truncated (OpenSTV's form); (ii) stopping at
s <= omega; (iii) for ``rational`` and ``guarded``, defeating at once a batch of "sure losers"
whose votes plus s stay below the next candidate; and (iv) with exact or guarded arithmetic, a quota without the added unit and
election only above it:

- ``prf``:      fixed 9 places, omega 10^-6 (default)
- ``fixed``:    parametric, fixed 9 places, omega 10^-6, no batch defeats (as stv-rs's
                ``fixed9`` transcripts, which follow droop with single defeats)
- ``rational``: parametric, exact fractions shown to 12 places, omega 10^-10. The fractions
                grow with every iteration: fine for small reference profiles, impractical for
                a real election (the 753-ballot ERS97 model does not finish in minutes);
                ``guarded`` is the practical near-exact choice.
- ``guarded``:  parametric, 18 places + 9 guard digits, omega 10^-9

Stages: the first preferences, then one stage per round (droop's rounds): the votes on which
the round's decision was taken, with that round's quota, the candidates elected or defeated,
and the keep factors in the notes. A defeated candidate's votes move at the next stage.
The gender minimum (``CountOptions.min_women``) acts before each round: when the places left
equal the women still needed, the continuing men are defeated together (a note says so).

Equal preferences (``b=c``) share the ballot's weight equally among those of them still in the
count (elected or hopeful), each share then kept and passed on as above (droop's treatment).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from .model import CountError, CountOptions, Election, Result, Stage
from .stvcommon import (
    GenderRule,
    TieBreaker,
    count_header,
    elect_in_vote_order,
    fixed,
    guarded,
    rational,
)


@dataclass(frozen=True)
class Variant:
    name: str
    arithmetic: str  # "fixed", "rational" or "guarded"
    precision: int
    omega: int  # iteration stops when the total surplus is below 10^-omega
    prf: bool  # PRF reference details (keep rounded up; s < omega)
    batch: bool  # defeat "sure losers" together (droop's defeat_batch=safe)


VARIANTS = {
    "prf": Variant("prf", "fixed", 9, 6, prf=True, batch=False),
    "fixed": Variant("fixed", "fixed", 9, 6, prf=False, batch=False),
    "rational": Variant("rational", "rational", 12, 10, prf=False, batch=True),
    "guarded": Variant("guarded", "guarded", 18, 9, prf=False, batch=True),
}


def count(election: Election, options: CountOptions) -> Result:
    return count_with(election, options, "prf")


def count_with(election: Election, options: CountOptions, variant: str = "prf") -> Result:
    if variant not in VARIANTS:
        raise CountError(f"unknown Meek variant: {variant!r}")
    v = VARIANTS[variant]
    A = {"fixed": fixed, "rational": rational, "guarded": guarded}[v.arithmetic](v.precision)
    return MeekCount(election, options, v, A).run()


class MeekCount:
    def __init__(self, election: Election, options: CountOptions, variant: Variant, A: Any):
        self.e, self.v, self.A = election, variant, A
        self.seats = options.seats or election.seats
        self.names = election.candidates
        self.hopeful = [c for c in range(len(self.names)) if c not in election.withdrawn]
        if self.seats < 1 or self.seats > len(self.hopeful):
            raise CountError(f"cannot fill {self.seats} seats from {len(self.hopeful)} candidates")
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.kf = {c: (A.zero if c in election.withdrawn else A.one) for c in range(len(self.names))}
        self.ballots = [(b.weight, _live_ranks(b.ranking, election.withdrawn)) for b in election.ballots]
        self.ballots = [(w, r) for w, r in self.ballots if r]
        self.tree = _tree(self.ballots)
        self.valid = sum(w for w, _ in self.ballots)
        self.omega = A.div(A.one, A.from_int(10**variant.omega))
        self.votes: dict[int, Any] = {}
        self.exhausted = A.zero
        self.quota = self.quota_of(A.from_int(self.valid))
        self.surplus = A.zero
        self.stages: list[Stage] = []
        self.history: list[dict[int, Any]] = []
        self.ties = TieBreaker(election, options, self.names, look_back=False)
        self.gender = GenderRule(election, options, self.seats)
        self.notes: list[str] = []
        self.iterations = 0

    # -- arithmetic of the rule --------------------------------------------------------------
    def quota_of(self, total: Any) -> Any:
        A = self.A
        q = A.div(total, A.from_int(self.seats + 1))
        return q if A.exact else q + A.epsilon

    def has_quota(self, vote: Any) -> bool:
        return vote > self.quota if self.A.exact else vote >= self.quota

    def keep(self, weight: Any, kf: Any) -> tuple[Any, Any]:
        """(kept by the candidate, weight passed on)."""
        A = self.A
        if self.v.prf:
            kept = A.mul(weight, kf, up=True)
            return kept, weight - kept
        return A.mul(weight, kf), A.mul(weight, A.one - kf)

    def distribute(self) -> None:
        """B.2.a: share every ballot out afresh with the present keep factors.

        Ballots are held as a tree of shared leading preferences, so ballots that agree up
        to a point are followed together (each keeps exactly what it would alone: the kept
        value per ballot times the number of ballots). A hopeful candidate's keep factor is
        1, so the walk down a branch stops at its first hopeful candidate."""
        A = self.A
        self._live = set(self.hopeful) | set(self.elected)
        self.votes = {c: A.zero for c in self._live}
        self.exhausted = A.zero
        for child in self.tree.children.values():
            self._visit(child, A.one)
        self.total = sum(self.votes.values(), A.zero)

    def _visit(self, node: _Node, weight: Any) -> None:
        rank = [c for c in node.rank if c in self._live]
        if not rank:  # no one in the count at this preference: pass straight on
            self._pass_on(node, weight)
        elif len(rank) == 1:
            kept, rest = self.keep(weight, self.kf[rank[0]])
            self.votes[rank[0]] += kept * node.count
            self._pass_on(node, rest)
        else:  # equal preferences: equal shares, each followed on its own
            share = self.A.div(weight, self.A.from_int(len(rank)))
            for c in rank:
                kept, rest = self.keep(share, self.kf[c])
                self.votes[c] += kept * node.count
                self._pass_on(node, rest)

    def _pass_on(self, node: _Node, weight: Any) -> None:
        if weight > self.A.zero:
            for child in node.children.values():
                self._visit(child, weight)
            self.exhausted += weight * node.ends
        # a weight of zero has nothing left to pass on or to exhaust

    # -- the count ---------------------------------------------------------------------------
    def seats_left(self) -> int:
        return self.seats - len(self.elected)

    def complete(self) -> bool:
        return self.seats_left() <= 0 or len(self.hopeful) <= self.seats_left()

    def run(self) -> Result:
        self.first_stage()
        while not self.complete():
            forced = self.gender.men_to_exclude(self.hopeful, self.elected)
            if forced:
                self.notes.append(self.gender.exclusion_note(forced, self.elected))
                self.defeat(forced, "excluded (gender quota)")
                continue
            status, batch = self.iterate()
            if status == "elected":
                continue
            if batch:
                self.defeat(batch, "defeated as sure losers")
            else:
                self.defeat([self.choose_lowest(status)], f"defeated ({status})")
        self.finish()
        return self.result()

    def first_stage(self) -> None:
        """Round 0 as droop shows it: first preferences (equal first preferences shared)."""
        A = self.A
        self.votes = {c: A.zero for c in self.hopeful}
        for count, ranks in self.ballots:
            first = ranks[0]
            share = A.div(A.one, A.from_int(len(first)))
            for c in first:
                self.votes[c] += share * count
        self.total = sum(self.votes.values(), A.zero)  # equal shares may lose a last place
        self.record("First preferences")

    def iterate(self) -> tuple[str, list[int]]:
        """B.2: iterate until someone is elected or the surplus is small or stable."""
        A = self.A
        last = A.from_int(self.valid)
        while True:
            self.iterations += 1
            self.distribute()
            self.quota = self.quota_of(self.total)
            newly = self.elect_with_quota()
            self.surplus = sum((self.votes[c] - self.quota for c in self.elected), A.zero)
            if self.surplus < A.zero:
                self.surplus = A.zero
            if newly:
                names = ", ".join(self.names[c] for c in newly)
                self.record(f"{names} elected", elected=newly)
                return "elected", []
            if self.surplus < self.omega or (not self.v.prf and self.surplus == self.omega):
                return "surplus below omega", []
            if self.surplus >= last:
                return "surplus stable", []
            if self.v.batch:
                batch = self.sure_losers()
                if batch:
                    return "sure losers", batch
            last = self.surplus
            for c in self.elected:  # B.2.f
                self.kf[c] = A.div(A.mul(self.kf[c], self.quota, up=True), self.votes[c], up=True)

    def elect_with_quota(self) -> list[int]:
        reached = [c for c in self.hopeful if self.has_quota(self.votes[c])]
        return elect_in_vote_order(self, reached)

    def sure_losers(self) -> list[int]:
        """droop's "safe" batch: the largest group of lowest candidates whose votes together,
        plus the total surplus, stay below the next candidate, leaving enough to fill the
        seats; candidates within the surplus of each other are never split."""
        A, s = self.A, self.surplus
        ordered = sorted(self.hopeful, key=lambda c: (A.sort_key(self.votes[c]), c))
        groups: list[list[int]] = []
        base = None
        for c in ordered:
            if groups and base + s >= self.votes[c]:
                groups[-1].append(c)
            else:
                groups.append([c])
                base = self.votes[c]
        most = len(self.hopeful) - self.seats_left()
        batch: list[int] = []
        chosen: list[int] = []
        total = A.zero
        for g, nxt in itertools.pairwise(groups):
            if len(batch) + len(g) > most:
                break
            batch = batch + g
            total += sum((self.votes[c] for c in g), A.zero)
            if total + s < self.votes[nxt[0]]:
                chosen = list(batch)
        return chosen

    def choose_lowest(self, status: str) -> int:
        def lowest(among: list[int]) -> list[int]:  # within the surplus of the lowest: tied
            low = min(self.votes[c] for c in among)
            return [c for c in among if low + self.surplus >= self.votes[c]]

        pool = self.gender.excludable(self.hopeful, self.elected)
        tied = lowest(pool)
        if set(lowest(self.hopeful)) - set(pool):  # the gender minimum changed the choice
            self.notes.append(self.gender.protected_note(self.hopeful, self.elected))
        return self.ties.choose(tied, "exclusion", self.history, highest=False, stage=len(self.stages) + 1)

    def defeat(self, cands: list[int], why: str) -> None:
        for c in cands:
            self.hopeful.remove(c)
            self.excluded.append(c)
        names = ", ".join(self.names[c] for c in cands)
        self.record(f"{names} {why}", excluded=cands)
        for c in cands:  # the effect shows in the next stage's distribution
            self.kf[c] = self.A.zero

    def finish(self) -> None:
        rest = sorted(self.hopeful, key=lambda c: (self.A.sort_key(-self.votes[c]), c))
        if not rest:
            return
        last = self.stages[-1]
        if len(rest) <= self.seats_left():
            self.elected.extend(rest)
            change = {
                "elected": last.elected + tuple(self.names[c] for c in rest),
                "notes": last.notes + ("remaining candidates fill the remaining seats",),
            }
        else:
            self.excluded.extend(rest)
            change = {
                "excluded": last.excluded + tuple(self.names[c] for c in rest),
                "notes": last.notes + ("all seats filled: remaining candidates defeated",),
            }
        self.hopeful = []
        self.stages[-1] = Stage(**{**last.__dict__, **change})

    # -- reporting ---------------------------------------------------------------------------
    def record(self, action: str, elected=(), excluded=()) -> None:
        A = self.A
        shown = sorted(set(self.hopeful) | set(self.elected) | set(excluded))
        tallies = {self.names[c]: A.fmt(self.votes.get(c, A.zero)) for c in shown}
        loss = A.from_int(self.valid) - self.total - self.exhausted
        before = self.history[-1] if self.history else {}
        transfers = {
            self.names[c]: A.fmt(self.votes[c] - before[c])
            for c in shown
            if c in before and c in self.votes and self.votes[c] != before[c]
        }
        tol = f"omega {A.fmt(self.omega)}"
        self.history.append(dict(self.votes))
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action if not self.stages else f"{action}; {tol}",
                tallies=tallies,
                exhausted=A.fmt(self.exhausted),
                elected=tuple(self.names[c] for c in elected),
                excluded=tuple(self.names[c] for c in excluded),
                transfers=transfers,
                loss=A.fmt(loss),
                notes=tuple(self.notes)
                + (tuple(f"keep factor {self.names[c]} {A.fmt(self.kf[c])}" for c in self.elected)),
                quota=A.fmt(self.quota),
            )
        )
        self.notes = []

    def result(self) -> Result:
        v = self.v
        params = {
            "variant": v.name,
            "precision": self.A.describe(),
            "tolerance": f"total surplus {'<' if v.prf else '<='} {self.A.fmt(self.omega)}"
            " (omega = 10^-%d), or not decreasing" % v.omega,
            "batch_defeat": "sure losers" if v.batch else "none",
            "iterations": str(self.iterations),
        }
        params.update(self.gender.parameters())
        return Result(
            method="meek",
            elected=tuple(self.names[c] for c in self.elected),
            stages=tuple(self.stages),
            tiebreaks=tuple(self.ties.records),
            quota=self.A.fmt(self.quota),
            parameters=params,
            **count_header(self.e, self.seats, self.ties.seed, self.A, self.valid),
        )


def _live_ranks(ranking, withdrawn) -> tuple[tuple[int, ...], ...]:
    ranks = (tuple(c for c in rank if c not in withdrawn) for rank in ranking)
    return tuple(r for r in ranks if r)


class _Node:
    """Ballots sharing their preferences up to and including ``rank``."""

    __slots__ = ("children", "count", "ends", "rank")

    def __init__(self, rank: tuple[int, ...]):
        self.rank = rank
        self.count = 0  # ballots through this preference
        self.ends = 0  # ballots whose last preference this is
        self.children: dict[tuple[int, ...], _Node] = {}


def _tree(ballots) -> _Node:
    root = _Node(())
    for count, ranks in ballots:
        node = root
        for rank in ranks:
            node = node.children.setdefault(rank, _Node(rank))
            node.count += count
        node.ends += count
    return root
