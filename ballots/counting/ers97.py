"""ERS97: Electoral Reform Society, "How to conduct an election by STV", 3rd edition (1997).

Written to be read beside section 5 of the rules; paragraph numbers are quoted where they act.

- Values are in hundredths: every vote, quota and transfer value is an integer number of
  hundredths (``Fixed(2)``), so nothing is ever a binary float.
- Quota (5.1.6): total valid vote / (places + 1), "to two decimal places. If the result is exact
  that is the quota. Otherwise ignore the remainder, and add 0.01" - i.e. rounded up to
  hundredths. 129,549 valid votes and 9 places give exactly 12954.90.
- A paper whose first preference is missing or void for uncertainty (equal first marks) is
  invalid (6.9, 6.24). Later equal marks make a paper non-transferable at that point when more
  than one of the marked candidates is still continuing (6.10: "no next available preference
  where the next sequential preference for a continuing candidate is uncertain").
- Withdrawn candidates are removed before the count; preferences for them are passed over.
- The gender minimum (DOMAIN.md) is not part of ERS97: see ``genderquota``. Where it acts the
  stage notes say so.
"""

from __future__ import annotations

from ._perf import no_gc_pauses
from .arithmetic import Fixed
from .lifecycle import Count
from .model import CountError, CountOptions, Election, Result, Stage
from .papers import Batch, FlowRecorder, sort_papers
from .tiebreak import FORWARDS, TieRule, narrow_by_history

ARITH = Fixed(2)
HUNDRED = ARITH.one  # the value of one whole paper
INF = float("inf")  # only ever compared with small counts of candidates, never a vote
# 5.2.3, 5.2.5, 5.6.2: the first point at which the tied candidates differed; then lot.
TIES = TieRule(look_back=FORWARDS)


def count(election: Election, options: CountOptions) -> Result:
    with no_gc_pauses():
        return _Count(election, options).run()


def quota_for(valid_hundredths: int, seats: int) -> int:
    """5.1.6: the division taken to two places; any remainder ignored and 0.01 added."""
    return ARITH.div(valid_hundredths, ARITH.whole(seats + 1), up=True)


class _Count(Count):
    method = "ers97"

    def __init__(self, election: Election, options: CountOptions) -> None:
        super().__init__(election, options, ARITH, TIES)
        n = len(self.names)
        self.votes = [0] * n
        self.batches: list[list[Batch]] = [[] for _ in range(n)]
        self.pending: list[int] = []  # elected, surplus not yet transferred
        self.passed_over: set[int] = set()
        self.exhausted = 0
        self.loss = 0
        self.history_labels: list[str] = []  # history: votes after stage 1 and after every batch
        self.stage_no = 0

    def check_seats(self) -> None:
        # More places than candidates is allowed: all are deemed elected (4.3).
        if self.seats < 1:
            raise CountError("the number of seats must be at least 1")

    # -- the count (the life of it is ``lifecycle.Count.run``) -----------------------------------
    def next_stage(self) -> None:
        if not self._transfer_surplus_if_due():
            self._exclude_lowest()

    def exclude_for_gender(self, men: list[int], note: str) -> None:
        self._exclude(men, [note])

    def first_stage(self) -> None:
        """5.1: sort papers by first preference; compute the quota; deem elected (5.1.7)."""
        piles, sizes = self._first_preferences()
        for c, papers in piles.items():
            batch = Batch(HUNDRED, papers, sizes[c])
            self.batches[c].append(batch)
            self.votes[c] = batch.size * HUNDRED
        self.valid = sum(self.votes)
        if self.valid == 0:
            raise CountError("there are no valid ballot papers to count")
        self.quota = self.initial_quota = quota_for(self.valid, self.seats)
        self.stage_no = 1
        self._snapshot("stage 1")
        elected, notes = self._deem_elected()
        self._record("First preferences", {}, elected, (), notes)

    def _first_preferences(self) -> tuple[dict[int, list], dict[int, int]]:
        """Papers by first preference (withdrawn candidates passed over); papers with none,
        or with equal first marks, are invalid (6.9, 6.24) and counted in ``self.invalid``."""
        piles, sizes, self.invalid = sort_papers(self.election.ballots, self.cont)
        return piles, sizes

    def seats_filled(self, rest: list[int]) -> None:
        """5.5.2: no further transfers; the remaining candidates are formally excluded."""
        rest = sorted(rest)
        for c in rest:
            self.mark_excluded(c)
        self.amend_last_stage(
            excluded=rest, notes=["All places filled: the remaining candidates are formally excluded (5.5.2)."]
        )

    def fill_note(self, continuing: int, places_left: int) -> str:
        """4.3 / 5.5.1: as many candidates left as places unfilled."""
        if continuing < places_left:
            return "Fewer candidates continue than places left: all deemed elected; places remain unfilled."
        return "Continuing candidates equal the places left: all deemed elected (5.5.1)."

    # -- surpluses (5.2.2-5.2.4, 5.3) ------------------------------------------------------------
    def _transfer_surplus_if_due(self) -> bool:
        self.pending = [c for c in self.pending if self.votes[c] > self.quota]
        if not self.pending:
            return False
        total = sum(self.votes[c] - self.quota for c in self.pending)
        # 5.2.2: the transfer of surpluses is deferred if their total does not exceed
        # (a) the difference between the two lowest candidates, or (b) the difference between
        # the total of a group that could be bulk-excluded under 5.2.5 and the candidate next
        # above: then no surplus could save the lowest from exclusion.
        if self._exclusion_group(total):
            return False
        largest = max(self.votes[c] for c in self.pending)
        tied = [c for c in self.pending if self.votes[c] == largest]
        # 5.2.3: equal surpluses: the greatest vote at the first point where they differed.
        chosen = self.ties.choose(
            tied, self.history, stage=self.stage_no + 1, purpose="surplus order", prefer="highest", label=self._label
        )
        self._transfer_surplus(chosen)
        return True

    def _transfer_surplus(self, c: int) -> None:
        """5.3: only the last batch received (all papers if the surplus arose at stage 1)."""
        self.stage_no += 1
        surplus = self.votes[c] - self.quota
        batch = self.batches[c][-1]
        piles, sizes, _ = self._sort(batch.papers)
        transferable = sum(sizes.values())
        # 5.3.7: if the transferable papers are worth more than the surplus, each goes at
        # surplus / papers to two places, remainder ignored; else at its present value.
        if transferable * batch.value > surplus:
            value = ARITH.div(surplus, ARITH.whole(transferable))
            loss, nontransferable = surplus - value * transferable, 0
        else:
            value = batch.value
            loss, nontransferable = 0, surplus - transferable * batch.value
        changes = {c: -surplus}
        flows = FlowRecorder(ARITH)
        for dest, pile in piles.items():
            changes[dest] = self._receive(dest, Batch(value, pile, sizes[dest]))
            flows.to(c, dest, changes[dest])
        flows.nontransferable(c, nontransferable)
        flows.loss(c, loss)
        self.votes[c] = self.quota
        self.pending.remove(c)
        self.exhausted += nontransferable
        self.loss += loss  # 5.3.9: the non-transferable difference from the neglected remainder
        self._snapshot(f"stage {self.stage_no}")
        action = (
            f"Surplus of {self.names[c]} ({ARITH.format(surplus)}) transferred: "
            f"{transferable} transferable papers at {ARITH.format(value)}"
        )
        elected, notes = self._deem_elected()
        self._record(action, changes, elected, (), notes, flows=flows)

    # -- exclusions (5.2.5, 5.4) -----------------------------------------------------------------
    def _exclude_lowest(self) -> None:
        deferred = sum(self.votes[c] - self.quota for c in self.pending)
        group = self._exclusion_group(deferred)
        notes = []
        if deferred:
            notes.append(
                f"Surpluses totalling {ARITH.format(deferred)} deferred (5.2.2): they cannot "
                "change which candidates are lowest."
            )
        if not group:
            group = [self._lowest_by_tiebreak()]
        elif len(group) > 1:
            notes.append(
                "Bulk exclusion (5.2.5): their votes together with deferred surpluses "
                "do not exceed the vote of the candidate next above."
            )
        if self._protected():
            notes.append(self.gender.protected_note(self.hopeful, self.elected))
        left = self.seats - len(self.elected)
        if len(self.hopeful) - len(group) == left:
            # 5.5.1: the proposed exclusion would leave as many candidates as places: they
            # are deemed elected; no papers are transferred.
            self.stage_no += 1
            for c in group:
                self.mark_excluded(c)
            elected, unfilled, zero_notes = self.fill_places(self.by_votes(self.hopeful))
            self._snapshot(f"stage {self.stage_no}")
            names = ", ".join(self.names[c] for c in group)
            notes.append(
                "Excluding the lowest would leave as many candidates as places: they are deemed elected (5.5.1)."
            )
            self._record(f"Exclusion of {names} proposed", {}, elected, (*group, *unfilled), notes + zero_notes)
            return
        self._exclude(group, notes)

    def _exclusion_group(self, extra: int) -> list[int]:
        """The largest group of lowest candidates that may be excluded together (5.2.5).

        A group qualifies if (a) enough candidates remain to fill the places left and (b) its
        votes plus ``extra`` (the deferred surpluses) do not exceed the vote of the candidate
        next above. A group whose top candidate ties with the next is never taken: that tie is
        settled by 5.2.5's tie rule, one candidate at a time. Empty if no group qualifies.
        """
        protected = self._protected()
        order = self.by_votes([c for c in self.hopeful if c not in protected], ascending=True)
        spare = INF if not self.gender else self.gender.spare_women(self.hopeful, self.elected)
        left = self.seats - len(self.elected)
        ncont = len(self.hopeful)
        best, total, women = 0, 0, 0
        for k in range(1, len(order)):
            c, above = order[k - 1], order[k]
            total += self.votes[c]
            women += bool(self.gender and c in self.gender.women)
            if women > spare or ncont - k < left:
                break
            if self.votes[c] < self.votes[above] and total + extra <= self.votes[above]:
                best = k
        return order[:best]

    def _lowest_by_tiebreak(self) -> int:
        protected = self._protected()
        candidates = [c for c in self.hopeful if c not in protected]
        low = min(self.votes[c] for c in candidates)
        tied = [c for c in candidates if self.votes[c] == low]
        # 5.2.5: the fewest votes at the first point where they differed; else by lot.
        return self.ties.choose(
            tied, self.history, stage=self.stage_no + 1, purpose="exclusion", prefer="lowest", label=self._label
        )

    def _exclude(self, group: list[int], notes: list[str]) -> None:
        """5.4: transfer the excluded candidates' papers in batches, highest value first."""
        self.stage_no += 1
        by_value: dict[int, list] = {}
        for c in group:
            self.mark_excluded(c)
            for batch in self.batches[c]:
                by_value.setdefault(batch.value, []).append((c, batch))
            self.batches[c] = []
        names = ", ".join(self.names[c] for c in group)
        values = sorted(by_value, reverse=True)
        if not values:
            changes = {c: -self.votes[c] for c in group if self.votes[c]}
            for c in group:
                self.votes[c] = 0
            self._snapshot(f"stage {self.stage_no}")
            self._record(f"Exclusion of {names}: no papers to transfer", changes, (), tuple(group), notes)
            return
        for i, value in enumerate(values):
            if i and len(self.elected) == self.seats:
                break  # 5.5.2: all places filled, no further transfers
            self._exclusion_batch(group, names, value, by_value[value], (i + 1, len(values)), notes if i == 0 else [])

    def _exclusion_batch(self, group, names, value, parts, sub, notes) -> None:
        changes: dict[int, int] = {}
        flows = FlowRecorder(ARITH)
        piles: dict[int, list] = {}
        sizes: dict[int, int] = {}
        nontransferable = 0
        for c, batch in parts:
            worth = batch.size * value
            self.votes[c] -= worth
            changes[c] = changes.get(c, 0) - worth
            # Sorted source by source to record where each one's papers went; the piles
            # merged in this order are those of one sort of all the papers together.
            own, own_sizes, lost = sort_papers(batch.papers, self.cont)
            for dest, pile in own.items():
                size = own_sizes[dest]
                flows.to(c, dest, value * size)
                if dest in piles:
                    piles[dest].extend(pile)
                    sizes[dest] += size
                else:
                    piles[dest], sizes[dest] = pile, size
            flows.nontransferable(c, lost * value)
            nontransferable += lost
        for dest, pile in piles.items():
            changes[dest] = changes.get(dest, 0) + self._receive(dest, Batch(value, pile, sizes[dest]))
        self.exhausted += nontransferable * value
        label = f"stage {self.stage_no}" + (f".{sub[0]}" if sub[1] > 1 else "")
        self._snapshot(label)
        notes = list(notes)
        if not self.elected and nontransferable and self.exhausted:
            # 5.4.8: papers became non-transferable before anyone was elected: the quota
            # is recalculated from the valid vote less the non-transferable vote.
            new = quota_for(self.valid - self.exhausted, self.seats)
            if new != self.quota:
                notes.append(f"Quota recalculated (5.4.8): {ARITH.format(self.quota)} -> {ARITH.format(new)}")
                self.quota = new
        action = f"Exclusion of {names}"
        if sub[1] > 1:
            action += f": papers at {ARITH.format(value)} (sub-stage {sub[0]} of {sub[1]})"
        # 5.4.9-5.4.10: deem elected after each batch; no later batch goes to them.
        elected, more = self._deem_elected()
        excluded = tuple(group) if sub[0] == 1 else ()
        self._record(action, changes, elected, excluded, notes + more, sub[0] if sub[1] > 1 else 0, flows)

    # -- election (5.1.7, 5.3.13, 5.4.9, 5.6.2) --------------------------------------------------
    def _deem_elected(self) -> tuple[tuple[int, ...], list[str]]:
        """Deem elected, highest first, anyone at or over the quota or (rarely, where lower)
        the total active vote / (places not yet filled + 1)."""
        now: list[int] = []
        notes: list[str] = []
        while len(self.elected) < self.seats:
            left = self.seats - len(self.elected)
            active = self._active_vote()
            qualified = [
                c
                for c in self.hopeful
                if c not in self.passed_over
                and self.votes[c] > 0
                and (self.votes[c] >= self.quota or self.votes[c] * (left + 1) >= active)
            ]
            if not qualified:
                break
            top = max(self.votes[c] for c in qualified)
            tied = [c for c in qualified if self.votes[c] == top]
            first = self._first_tier(tied, left)
            if first is None:
                notes.append(
                    "Equal votes at every earlier point and too few places for all of "
                    f"{', '.join(self.names[c] for c in tied)}: none deemed elected at this stage (5.6.2)."
                )
                break
            if not self.gender.may_elect(first, self.elected):
                self.passed_over.add(first)
                notes.append(self.gender.passed_over_note(first, self.elected))
                continue
            self.mark_elected(first)
            self.pending.append(first)
            now.append(first)
        return tuple(now), notes

    def _first_tier(self, tied: list[int], left: int) -> int | None:
        """Who among equal candidates is considered first: the highest vote at the first point
        where they differed. None if they never differed and there are too few places."""
        if len(tied) == 1:
            return tied[0]
        best, settled = narrow_by_history(tied, self.history, prefer="highest", direction=FORWARDS)
        if len(tied) > left:
            if len(best) > 1:
                return None
            self.ties.record(
                self.stage_no,
                "election",
                tied,
                "earlier stages (forwards)",
                best[0],
                f"highest vote at {self._label(settled)}",
            )
        return min(best)

    # -- helpers ---------------------------------------------------------------------------------
    def _sort(self, papers) -> tuple[dict[int, list], dict[int, int], int]:
        """5.3.3 / 5.4.2: sort papers to their next available preference for a continuing
        candidate (6.10: equal marks for two continuing candidates are void for uncertainty)."""
        return sort_papers(papers, self.cont)

    def _receive(self, c: int, batch: Batch) -> int:
        worth = batch.size * batch.value
        self.votes[c] += worth
        self.batches[c].append(batch)
        return worth

    def _active_vote(self) -> int:
        """6.20: votes of continuing candidates plus votes awaiting transfer: pending
        surpluses, and papers of an excluded candidate not yet transferred (between sub-stages)."""
        held = sum(self.votes[c] for c in self.hopeful)
        awaiting = sum(self.votes[c] for c in self.excluded)
        return held + awaiting + sum(max(0, self.votes[c] - self.quota) for c in self.pending)

    def _protected(self) -> frozenset[int]:
        return self.gender.protected(self.hopeful, self.elected)

    def _snapshot(self, label: str) -> None:
        self.history.append(list(self.votes))
        self.history_labels.append(label)

    def _label(self, index) -> str:
        return self.history_labels[index] if index is not None else "no earlier point"

    def _record(self, action, changes, elected, excluded, notes, substage=0, flows=None) -> None:
        self.stages.append(
            Stage(
                number=self.stage_no,
                action=action,
                tallies={self.names[c]: ARITH.format(self.votes[c]) for c in self.standing},
                exhausted=ARITH.format(self.exhausted),
                elected=tuple(self.names[c] for c in elected),
                excluded=tuple(self.names[c] for c in excluded),
                transfers={self.names[c]: ARITH.format(v) for c, v in sorted(changes.items()) if v},
                loss=ARITH.format(self.loss),
                notes=tuple(notes),
                quota=ARITH.format(self.quota),
                substage=substage,
                flows=flows.flows(self.names) if flows else (),
            )
        )

    def result(self) -> Result:
        params = {
            "rules": "ERS97 (Electoral Reform Society, 3rd edition, 1997)",
            "arithmetic": "fixed decimals, 2 places; transfer values truncated",
            "invalid_papers": str(self.invalid),
        }
        if self.quota != self.initial_quota:
            params["final_quota"] = ARITH.format(self.quota)
        return self.result_of(
            candidates=[self.names[c] for c in self.standing],
            valid_votes=ARITH.format(self.valid),
            quota=ARITH.format(self.initial_quota),
            parameters=params,
        )
