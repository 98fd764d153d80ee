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

Where value went (``Stage.flows``): Meek moves no papers; each stage shares every ballot out
afresh. A stage's flows compare, ballot by ballot, what each candidate kept at the previous stage
with what they keep now: value a candidate no longer keeps (a keep factor fell, or they were
defeated) goes on down the same ballots to the next candidates who keep more, or to
non-transferable at the end, the nearest first. Summed over the ballots this reconciles exactly
with the stage table.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from .arithmetic import Exact, Fixed, Guarded
from .lifecycle import Count
from .model import CountError, CountOptions, Election, Result, Stage
from .papers import FlowRecorder, without_withdrawn
from .tiebreak import TieRule

# B.3: ties by a predetermined random order (a droop ``[tie]`` order, else drawn from the seed).
TIES = TieRule(file_order=True, lot_lists_all_tied=False, lot_explanation="drawn with seed {seed}")
NT, LOSS = "non-transferable", "loss"  # the two piles, as sources and destinations of flows


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
    A = {"fixed": Fixed, "rational": Exact, "guarded": Guarded}[v.arithmetic](v.precision)
    return MeekCount(election, options, v, A).run()


class MeekCount(Count):
    method = "meek"

    def __init__(self, election: Election, options: CountOptions, variant: Variant, A: Any):
        super().__init__(election, options, A, TIES)
        self.v = variant
        self.kf = {c: (A.zero if c in election.withdrawn else A.one) for c in range(len(self.names))}
        ballots = ((b.weight, without_withdrawn(b.ranking, election.withdrawn)) for b in election.ballots)
        self.ballots = [(w, r) for w, r in ballots if r]
        self.tree = _tree(self.ballots)
        self.valid = sum(w for w, _ in self.ballots)
        self.omega = A.div(A.one, A.whole(10**variant.omega))
        self.votes: dict[int, Any] = {}
        self.exhausted = A.zero
        self.quota = self.quota_of(A.whole(self.valid))
        self.surplus = A.zero
        self.iterations = 0
        self.shared_out: tuple[dict, frozenset] = ({}, frozenset())  # (kf, in the count) behind ``votes``
        self.recorded = self.shared_out

    # -- arithmetic of the rule --------------------------------------------------------------
    def quota_of(self, total: Any) -> Any:
        A = self.A
        q = A.div(total, A.whole(self.seats + 1))
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
        self.shared_out = (dict(self.kf), frozenset(self._live))
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
            share = self.A.div(weight, self.A.whole(len(rank)))
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

    # -- the count (the life of it is ``lifecycle.Count.run``) -----------------------------------
    def next_stage(self) -> None:
        status, batch = self.iterate()
        if status == "elected":
            return
        if batch:
            self.defeat(batch, "defeated as sure losers")
        else:
            self.defeat([self.lowest_to_exclude(self._within_surplus_of_lowest)], f"defeated ({status})")

    def exclude_for_gender(self, men: list[int], note: str) -> None:
        self.notes.append(note)
        self.defeat(men, "excluded (gender quota)")

    def first_stage(self) -> None:
        """Round 0 as droop shows it: first preferences (equal first preferences shared)."""
        A = self.A
        self.votes = {c: A.zero for c in self.hopeful}
        for count, ranks in self.ballots:
            first = ranks[0]
            share = A.div(A.one, A.whole(len(first)))
            for c in first:
                self.votes[c] += share * count
        self.total = sum(self.votes.values(), A.zero)  # equal shares may lose a last place
        # The same as sharing out with every keep factor at 1 (what the flows compare with).
        self.shared_out = self.recorded = (dict(self.kf), frozenset(self.hopeful))
        self.record("First preferences")

    def iterate(self) -> tuple[str, list[int]]:
        """B.2: iterate until someone is elected or the surplus is small or stable."""
        A = self.A
        last = A.whole(self.valid)
        while True:
            self.iterations += 1
            self.distribute()
            self.quota = self.quota_of(self.total)
            newly = self.elect_in_vote_order([c for c in self.hopeful if self.has_quota(self.votes[c])])
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

    def sure_losers(self) -> list[int]:
        """droop's "safe" batch: the largest group of lowest candidates whose votes together,
        plus the total surplus, stay below the next candidate, leaving enough to fill the
        seats; candidates within the surplus of each other are never split."""
        A, s = self.A, self.surplus
        ordered = self.by_votes(self.hopeful, ascending=True)
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

    def _within_surplus_of_lowest(self, among: list[int]) -> list[int]:
        low = min(self.votes[c] for c in among)
        return [c for c in among if low + self.surplus >= self.votes[c]]

    def defeat(self, cands: list[int], why: str) -> None:
        for c in cands:
            self.mark_excluded(c)
        names = ", ".join(self.names[c] for c in cands)
        self.record(f"{names} {why}", excluded=cands)
        for c in cands:  # the effect shows in the next stage's distribution
            self.kf[c] = self.A.zero

    def fill_note(self, continuing: int, places_left: int) -> str:
        return "remaining candidates fill the remaining seats"

    def seats_filled(self, rest: list[int]) -> None:
        for c in rest:
            self.mark_excluded(c)
        self.amend_last_stage(excluded=rest, notes=["all seats filled: remaining candidates defeated"])

    # -- reporting ---------------------------------------------------------------------------
    def record(self, action: str, elected=(), excluded=()) -> None:
        A = self.A
        shown = sorted(set(self.hopeful) | set(self.elected) | set(excluded))
        tallies = {self.names[c]: A.format(self.votes.get(c, A.zero)) for c in shown}
        loss = A.whole(self.valid) - self.total - self.exhausted
        before = self.history[-1] if self.history else {}
        transfers = self.changes([c for c in shown if c in self.votes], before)
        flows = self.flows(self.recorded, self.shared_out) if self.stages else ()
        self.recorded = self.shared_out
        tol = f"omega {A.format(self.omega)}"
        self.history.append(dict(self.votes))
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action if not self.stages else f"{action}; {tol}",
                tallies=tallies,
                exhausted=A.format(self.exhausted),
                elected=tuple(self.names[c] for c in elected),
                excluded=tuple(self.names[c] for c in excluded),
                transfers=transfers,
                loss=A.format(loss),
                notes=tuple(self.notes)
                + (tuple(f"keep factor {self.names[c]} {A.format(self.kf[c])}" for c in self.elected)),
                quota=A.format(self.quota),
                flows=flows,
            )
        )
        self.notes = []

    def result(self) -> Result:
        v = self.v
        params = {
            "variant": v.name,
            "precision": self.A.describe(),
            "tolerance": f"total surplus {'<' if v.prf else '<='} {self.A.format(self.omega)}"
            " (omega = 10^-%d), or not decreasing" % v.omega,
            "batch_defeat": "sure losers" if v.batch else "none",
            "iterations": str(self.iterations),
        }
        return self.result_of(
            candidates=self.names,
            valid_votes=self.A.format(self.A.whole(self.valid)),
            quota=self.A.format(self.quota),
            parameters=params,
        )

    # -- where value went --------------------------------------------------------------------
    def flows(self, old: tuple[dict, frozenset], new: tuple[dict, frozenset]) -> tuple:
        """Stage flows between two sharings-out (see the module's note); none when the caller
        does not want them (``CountOptions.flows``): following the tree again costs time."""
        if old == new or not self.options.flows:
            return ()
        walk = _FlowWalk(self, old, new)
        for child in self.tree.children.values():
            walk.visit(child, self.A.one, self.A.one, ())
        return walk.recorder.flows(self.names)


class _FlowWalk:
    """Both sharings-out of a stage followed down the ballot tree together, per ballot."""

    def __init__(self, count: MeekCount, old, new) -> None:
        self.count, self.A = count, count.A
        self.states = (old, new)
        self.recorder = FlowRecorder(count.A)

    def _share(self, state, node, weight):
        """(kept by each candidate at ``node``, weights passed on, value lost) for one ballot,
        as ``MeekCount._visit`` shares it."""
        kf, live = state
        A, count = self.A, self.count
        rank = [c for c in node.rank if c in live]
        if not rank:
            return {}, [weight], A.zero
        share = weight if len(rank) == 1 else A.div(weight, A.whole(len(rank)))
        kept, rests = {}, []
        for c in rank:
            kept[c], rest = count.keep(share, kf[c])
            rests.append(rest)
        return kept, rests, weight - sum(kept.values(), A.zero) - sum(rests, A.zero)

    def visit(self, node, w_old, w_new, pending: tuple) -> None:
        """``pending``: per ballot through ``node``, value given up above and not yet taken
        (positive), or taken above and not yet matched with a giver (negative)."""
        if len(node.rank) == 1:
            self._visit_one(node, w_old, w_new, pending)
            return
        A = self.A
        (k_old, r_old, l_old), (k_new, r_new, l_new) = (
            self._share(self.states[0], node, w_old),
            self._share(self.states[1], node, w_new),
        )
        deltas = [(c, k_new.get(c, A.zero) - k_old.get(c, A.zero)) for c in node.rank]
        pass_old = [r for r in r_old if r > A.zero]
        pass_new = [r for r in r_new if r > A.zero]
        # A weight judged to be zero goes no further: it is lost, as in ``MeekCount._pass_on``.
        lost_old = l_old + sum((r for r in r_old if not r > A.zero), A.zero)
        lost_new = l_new + sum((r for r in r_new if not r > A.zero), A.zero)
        deltas.append((LOSS, lost_new - lost_old))
        pending = self.settle(pending, deltas, node.count)
        if len(pass_old) > 1 or len(pass_new) > 1:
            self._equal_shares(node, pass_old, pass_new, pending)
            return
        self._pass_on(node, pass_old[0] if pass_old else A.zero, pass_new[0] if pass_new else A.zero, pending)

    def _visit_one(self, node, w_old, w_new, pending: tuple) -> None:
        """``visit`` where one candidate is at this preference: almost every node, so inline."""
        c, zero, keep = node.rank[0], self.A.zero, self.count.keep
        (kf_old, live_old), (kf_new, live_new) = self.states
        k_old, r_old = keep(w_old, kf_old[c]) if c in live_old else (zero, w_old)
        k_new, r_new = keep(w_new, kf_new[c]) if c in live_new else (zero, w_new)
        lost = (w_new - k_new - r_new) - (w_old - k_old - r_old)
        if not r_old > zero:  # a weight judged to be zero goes no further: it is lost
            lost, r_old = lost - r_old, zero
        if not r_new > zero:
            lost, r_new = lost + r_new, zero
        change = k_new - k_old
        if pending or change != zero or lost != zero:
            pending = self.settle(pending, ((c, change), (LOSS, lost)), node.count)
        self._pass_on(node, r_old, r_new, pending)

    def _pass_on(self, node, w_old, w_new, pending: tuple) -> None:
        zero = self.A.zero
        if w_old == zero and w_new == zero:
            return
        for child in node.children.values():
            self.visit(child, w_old, w_new, pending)
        if node.ends:
            self.settle(pending, ((NT, w_new - w_old),), node.ends)

    def _equal_shares(self, node, pass_old, pass_new, pending) -> None:
        """Below equal preferences a ballot's weight follows several paths at once: there the
        change for each candidate (and pile) over all the ballots below is settled as a whole,
        in the order they first appear, after what is pending from above."""
        A, totals = self.A, {}
        for weights, state, sign in ((pass_old, self.states[0], -1), (pass_new, self.states[1], 1)):
            for w in weights:
                for endpoint, value in self._below(node, w, state):
                    totals[endpoint] = totals.get(endpoint, A.zero) + (value if sign > 0 else -value)
        above = tuple((endpoint, amount * node.count) for endpoint, amount in pending)
        self.settle(above, list(totals.items()), 1)

    def _below(self, node, weight, state):
        """(endpoint, value) for all the ballots through ``node``: ``weight`` each passed on."""
        A = self.A
        if not weight > A.zero:
            yield LOSS, weight * node.count
            return
        for child in node.children.values():
            kept, rests, lost = self._share(state, child, weight)
            for c, k in kept.items():
                yield c, k * child.count
            yield LOSS, lost * child.count
            for rest in rests:
                yield from self._below(child, rest, state)
        if node.ends:
            yield NT, weight * node.ends

    def settle(self, pending: tuple, deltas, ballots: int) -> tuple:
        """Match value given up (a negative change) with value taken (a positive change), in
        ballot order: what is released waits for the next taker, a taker for the next giver.
        Returns what is still pending (``pending`` itself is left as it was)."""
        A, rec = self.A, self.recorder
        pending = list(pending)
        for endpoint, d in deltas:
            if d == A.zero:
                continue
            giving = d < A.zero
            amount = -d if giving else d
            while amount > A.zero and pending and (pending[0][1] < A.zero) == giving:
                other, held = pending[0]
                held = -held if held < A.zero else held
                paid = held if held < amount or held == amount else amount
                source, dest = (endpoint, other) if giving else (other, endpoint)
                _book(rec, source, dest, paid * ballots)
                amount -= paid
                if paid == held:
                    pending.pop(0)
                else:
                    rest = held - paid
                    pending[0] = (other, -rest if pending[0][1] < A.zero else rest)
            if amount > A.zero:
                pending.append((endpoint, -amount if not giving else amount))
        return tuple(pending)


def _book(rec: FlowRecorder, source, dest, value) -> None:
    if source == dest:
        return
    if dest == NT:
        rec.nontransferable(source, value)
    elif dest == LOSS:
        rec.loss(source, value)
    else:
        rec.to(source, dest, value)


def _tree(ballots) -> _Node:
    root = _Node(())
    for count, ranks in ballots:
        node = root
        for rank in ranks:
            node = node.children.setdefault(rank, _Node(rank))
            node.count += count
        node.ends += count
    return root


class _Node:
    """Ballots sharing their preferences up to and including ``rank``."""

    __slots__ = ("children", "count", "ends", "rank")

    def __init__(self, rank: tuple[int, ...]):
        self.rank = rank
        self.count = 0  # ballots through this preference
        self.ends = 0  # ballots whose last preference this is
        self.children: dict[tuple[int, ...], _Node] = {}
