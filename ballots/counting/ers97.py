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

from dataclasses import dataclass, replace
from operator import itemgetter

from . import genderquota
from ._perf import no_gc_pauses
from .arithmetic import Fixed
from .model import CountError, CountOptions, Election, Result, Stage
from .tiebreak import FORWARDS, TieBreaker, narrow_by_history
from .version import ENGINE_VERSION

ARITH = Fixed(2)
HUNDRED = ARITH.one  # the value of one whole paper
_first = itemgetter(0)
INF = float("inf")  # only ever compared with small counts of candidates, never a vote


@dataclass
class Batch:
    """Papers received together at one value (a counting-slip bundle, 6.1)."""

    value: int
    papers: list  # [(prefs, position of the current preference, number of papers)]

    @property
    def size(self) -> int:
        return sum(p[2] for p in self.papers)


def count(election: Election, options: CountOptions) -> Result:
    with no_gc_pauses():
        return _Count(election, options).run()


def quota_for(valid_hundredths: int, seats: int) -> int:
    """5.1.6: the division taken to two places; any remainder ignored and 0.01 added."""
    return ARITH.round_up(valid_hundredths, (seats + 1) * HUNDRED)


def _prefs(ranking, withdrawn) -> tuple:
    """A ranking with withdrawn candidates passed over; a rank of one is an int, else a tuple."""
    if not withdrawn and (not ranking or max(map(len, ranking)) == 1):
        return tuple(map(_first, ranking))  # the usual case, at C speed
    out = []
    for rank in ranking:
        live = tuple(c for c in rank if c not in withdrawn)
        if len(live) == 1:
            out.append(live[0])
        elif live:
            out.append(live)
    return tuple(out)


class _Count:
    def __init__(self, election: Election, options: CountOptions) -> None:
        self.names = election.candidates
        self.seats = options.seats or election.seats
        if self.seats < 1:
            raise CountError("the number of seats must be at least 1")
        self.election = election
        self.options = options
        n = len(self.names)
        self.cont = [c not in election.withdrawn for c in range(n)]
        self.standing = [c for c in range(n) if self.cont[c]]
        self.votes = [0] * n
        self.batches: list[list[Batch]] = [[] for _ in range(n)]
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.pending: list[int] = []  # elected, surplus not yet transferred
        self.passed_over: set[int] = set()
        self.exhausted = 0
        self.loss = 0
        self.history: list[list[int]] = []  # votes after stage 1 and after every batch
        self.history_labels: list[str] = []
        self.stages: list[Stage] = []
        self.stage_no = 0
        self.ties = TieBreaker(options.seed, self.names)
        self.gender = genderquota.from_options(election, options, self.seats)

    # -- the count ---------------------------------------------------------------------------
    def run(self) -> Result:
        self._first_stage()
        while not self._finished():
            men = self._men_to_exclude()
            if men:
                self._exclude(men, [self._gender_note(men)])
            elif not self._transfer_surplus_if_due():
                self._exclude_lowest()
        return self._result()

    def _first_stage(self) -> None:
        """5.1: sort papers by first preference; compute the quota; deem elected (5.1.7)."""
        piles: dict[int, list] = {}
        self.invalid = 0
        for ballot in self.election.ballots:
            prefs = _prefs(ballot.ranking, self.election.withdrawn)
            if not prefs or not isinstance(prefs[0], int):
                self.invalid += ballot.weight
                continue
            piles.setdefault(prefs[0], []).append((prefs, 0, ballot.weight))
        for c, papers in piles.items():
            batch = Batch(HUNDRED, papers)
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

    def _finished(self) -> bool:
        left = self.seats - len(self.elected)
        continuing = self._continuing()
        if left == 0:
            # 5.5.2: no further transfers; remaining candidates formally excluded.
            if continuing:
                self._close(
                    continuing, "excluded", "All places filled: the remaining candidates are formally excluded (5.5.2)."
                )
            return True
        if len(continuing) <= left:
            # 4.3 / 5.5.1: as many candidates left as places unfilled.
            why = "Continuing candidates equal the places left: all deemed elected (5.5.1)."
            if len(continuing) < left:
                why = "Fewer candidates continue than places left: all deemed elected; places remain unfilled."
            self._close(self._by_votes(continuing), "elected", why)
            return True
        return False

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
            tied,
            self.history,
            stage=self.stage_no + 1,
            purpose="surplus order",
            prefer="highest",
            direction=FORWARDS,
            label=self._label,
        )
        self._transfer_surplus(chosen)
        return True

    def _transfer_surplus(self, c: int) -> None:
        """5.3: only the last batch received (all papers if the surplus arose at stage 1)."""
        self.stage_no += 1
        surplus = self.votes[c] - self.quota
        batch = self.batches[c][-1]
        piles, _ = self._sort(batch.papers)
        transferable = sum(sum(p[2] for p in pile) for pile in piles.values())
        # 5.3.7: if the transferable papers are worth more than the surplus, each goes at
        # surplus / papers to two places, remainder ignored; else at its present value.
        if transferable * batch.value > surplus:
            value = ARITH.mul_truncate(surplus, 1, transferable)
            loss, nontransferable = surplus - value * transferable, 0
        else:
            value = batch.value
            loss, nontransferable = 0, surplus - transferable * batch.value
        changes = {c: -surplus}
        for dest, pile in piles.items():
            changes[dest] = self._receive(dest, Batch(value, pile))
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
        self._record(action, changes, elected, (), notes)

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
        protected = self._protected()
        if protected:
            needed = self.gender.women_needed(self.elected)
            notes.append(genderquota.note_protected(self.names, protected, needed))
        left = self.seats - len(self.elected)
        if len(self._continuing()) - len(group) == left:
            # 5.5.1: the proposed exclusion would leave as many candidates as places: they
            # are deemed elected; no papers are transferred.
            self.stage_no += 1
            for c in group:
                self._set_excluded(c)
            rest = self._by_votes(self._continuing())
            for c in rest:
                self.elected.append(c)
                self.cont[c] = False
            self._snapshot(f"stage {self.stage_no}")
            names = ", ".join(self.names[c] for c in group)
            notes.append(
                "Excluding the lowest would leave as many candidates as places: they are deemed elected (5.5.1)."
            )
            self._record(f"Exclusion of {names} proposed", {}, rest, tuple(group), notes)
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
        order = self._by_votes([c for c in self._continuing() if c not in protected], ascending=True)
        spare = INF if not self.gender else self.gender.spare_women(self._continuing(), self.elected)
        left = self.seats - len(self.elected)
        ncont = len(self._continuing())
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
        candidates = [c for c in self._continuing() if c not in protected]
        low = min(self.votes[c] for c in candidates)
        tied = [c for c in candidates if self.votes[c] == low]
        # 5.2.5: the fewest votes at the first point where they differed; else by lot.
        return self.ties.choose(
            tied,
            self.history,
            stage=self.stage_no + 1,
            purpose="exclusion",
            prefer="lowest",
            direction=FORWARDS,
            label=self._label,
        )

    def _exclude(self, group: list[int], notes: list[str]) -> None:
        """5.4: transfer the excluded candidates' papers in batches, highest value first."""
        self.stage_no += 1
        by_value: dict[int, list] = {}
        for c in group:
            self._set_excluded(c)
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
        for c, batch in parts:
            worth = batch.size * value
            self.votes[c] -= worth
            changes[c] = changes.get(c, 0) - worth
        papers = [p for _, batch in parts for p in batch.papers]
        piles, nontransferable = self._sort(papers)
        for dest, pile in piles.items():
            changes[dest] = changes.get(dest, 0) + self._receive(dest, Batch(value, pile))
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
        self._record(
            action, changes, elected, tuple(group) if sub[0] == 1 else (), notes + more, sub[0] if sub[1] > 1 else 0
        )

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
                for c in self._continuing()
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
            if self.gender and not self.gender.may_elect(first, self.elected, self.seats):
                self.passed_over.add(first)
                needed = self.gender.women_needed(self.elected)
                notes.append(genderquota.note_passed_over(self.names, first, left, needed))
                continue
            self.elected.append(first)
            self.cont[first] = False
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
    def _sort(self, papers) -> tuple[dict[int, list], int]:
        """5.3.3 / 5.4.2: sort papers to their next available preference for a continuing
        candidate; returns the piles and the number of non-transferable papers."""
        cont = self.cont
        piles: dict[int, list] = {}
        nontransferable = 0
        for paper in papers:
            prefs, pos, n = paper
            dest = None
            for i in range(pos + 1, len(prefs)):
                p = prefs[i]
                if p.__class__ is int:
                    if cont[p]:
                        dest = p
                        break
                else:
                    live = [c for c in p if cont[c]]
                    if len(live) == 1:
                        dest = live[0]
                    if live:
                        break  # one live candidate: that one; several: void for uncertainty
            if dest is None:
                nontransferable += n
            elif dest in piles:
                piles[dest].append((prefs, i, n))
            else:
                piles[dest] = [(prefs, i, n)]
        return piles, nontransferable

    def _receive(self, c: int, batch: Batch) -> int:
        worth = batch.size * batch.value
        self.votes[c] += worth
        self.batches[c].append(batch)
        return worth

    def _continuing(self) -> list[int]:
        return [c for c in self.standing if self.cont[c]]

    def _set_excluded(self, c: int) -> None:
        self.cont[c] = False
        self.excluded.append(c)

    def _active_vote(self) -> int:
        """6.20: votes of continuing candidates plus votes awaiting transfer: pending
        surpluses, and papers of an excluded candidate not yet transferred (between sub-stages)."""
        held = sum(self.votes[c] for c in self._continuing())
        awaiting = sum(self.votes[c] for c in self.excluded)
        return held + awaiting + sum(max(0, self.votes[c] - self.quota) for c in self.pending)

    def _protected(self) -> frozenset[int]:
        if not self.gender:
            return frozenset()
        return self.gender.protected_women(self._continuing(), self.elected)

    def _men_to_exclude(self) -> list[int]:
        if not self.gender:
            return []
        return self.gender.must_exclude_men(self._continuing(), self.elected, self.seats)

    def _gender_note(self, men: list[int]) -> str:
        left = self.seats - len(self.elected)
        return genderquota.note_men_excluded(self.names, men, left, self.gender.women_needed(self.elected))

    def _by_votes(self, cands, ascending=False) -> list[int]:
        sign = 1 if ascending else -1
        return sorted(cands, key=lambda c: (sign * self.votes[c], c))

    def _snapshot(self, label: str) -> None:
        self.history.append(list(self.votes))
        self.history_labels.append(label)

    def _label(self, index) -> str:
        return self.history_labels[index] if index is not None else "no earlier point"

    def _record(self, action, changes, elected, excluded, notes, substage=0) -> None:
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
            )
        )

    def _close(self, cands, how, why) -> None:
        """Amend the last stage: the count ends there (4.3, 5.5.1, 5.5.2)."""
        last = self.stages[-1]
        if how == "elected":
            for c in cands:
                self.elected.append(c)
                self.cont[c] = False
            extra_elected, extra_excluded = tuple(cands), ()
        else:
            for c in cands:
                self._set_excluded(c)
            extra_elected, extra_excluded = (), tuple(cands)
        self.stages[-1] = replace(
            last,
            elected=last.elected + tuple(self.names[c] for c in extra_elected),
            excluded=last.excluded + tuple(self.names[c] for c in extra_excluded),
            notes=last.notes + (why,),
        )

    def _result(self) -> Result:
        params = {
            "rules": "ERS97 (Electoral Reform Society, 3rd edition, 1997)",
            "arithmetic": "fixed decimals, 2 places; transfer values truncated",
            "invalid_papers": str(self.invalid),
        }
        if self.quota != self.initial_quota:
            params["final_quota"] = ARITH.format(self.quota)
        if self.gender:
            params["min_women"] = str(self.gender.min_women)
            params["women"] = ", ".join(self.names[c] for c in sorted(self.gender.women))
        return Result(
            method="ers97",
            title=self.election.title,
            seats=self.seats,
            candidates=tuple(self.names[c] for c in self.standing),
            withdrawn=tuple(self.names[c] for c in sorted(self.election.withdrawn)),
            valid_votes=ARITH.format(self.valid),
            quota=ARITH.format(self.initial_quota),
            elected=tuple(self.names[c] for c in self.elected),
            stages=tuple(self.stages),
            tiebreaks=tuple(self.ties.records),
            seed=self.options.seed,
            input_sha256=self.election.input_sha256,
            parameters=params,
            engine_version=ENGINE_VERSION,
        )
