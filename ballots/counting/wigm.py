"""WIGM: the weighted inclusive Gregory method, plain form.

Written beside the Proportional Representation Foundation's reference rule ("PRF Reference
Rule: WIGM", single defeat), which droop implements as ``wigm-prf``; the paragraphs are quoted
where they act. The life of the count is ``lifecycle.Count``; moving papers at a value to their
next hopeful candidate is ``lifecycle.InclusiveGregory``.

A.1  Quota = valid ballots / (seats + 1), plus 0.0001 (one unit of the arithmetic).
B.1  Elect each hopeful candidate whose vote is at least the quota (pending surplus transfer).
B.3  Transfer the largest surplus, even a zero one: each ballot the candidate holds gets
     weight x surplus / candidate's vote, and moves to its next hopeful candidate.
B.4  Otherwise defeat the lowest hopeful candidate; their ballots move on at their weights.
C    When seats left equal hopeful candidates, they are elected; the count ends when all
     seats are filled.
D.1  Ties: a predetermined random order (a droop ``[tie]`` order, else drawn from the seed).
D.2  A ballot with no further hopeful candidate, or with weight zero, is exhausted.
D.4  Arithmetic: truncate every multiplication and division to four decimals.

Variants (``count_with``), each matching one of droop's reference reports:
- ``prf``: fixed point, 4 decimals (the default ``count``).
- ``fixed``: fixed point at another precision, same rule.
- ``rational``: exact fractions; the quota is then exactly valid / (seats + 1) and a
  candidate needs *more* than it (droop's generic WIGM), shown to 12 decimals.
- ``guarded``: droop's guarded arithmetic, 18 places + 9 guard digits, treated as exact.
"""

from __future__ import annotations

from typing import Any

from .arithmetic import Exact, Fixed, Guarded
from .lifecycle import InclusiveGregory
from .model import CountError, CountOptions, Election, Result
from .tiebreak import TieRule

PRF_PRECISION = 4
# D.1: straight to a predetermined random order.
TIES = TieRule(file_order=True, lot_lists_all_tied=False, lot_explanation="drawn with seed {seed}")


def count(election: Election, options: CountOptions) -> Result:
    return count_with(election, options, variant="prf")


def count_with(
    election: Election, options: CountOptions, variant: str = "prf", precision: int = PRF_PRECISION
) -> Result:
    arithmetic = {
        "prf": lambda: Fixed(PRF_PRECISION),
        "fixed": lambda: Fixed(precision),
        "rational": lambda: Exact(12),
        "guarded": lambda: Guarded(18, 9),
    }
    if variant not in arithmetic:
        raise CountError(f"unknown WIGM variant: {variant!r}")
    return WigmCount(election, options, arithmetic[variant](), variant).run()


class WigmCount(InclusiveGregory):
    method = "wigm"

    def __init__(self, election: Election, options: CountOptions, A, variant: str) -> None:
        self.variant = variant
        super().__init__(election, options, A, TIES)

    def quota_for(self, valid: int) -> Any:
        """A.1: valid / (seats + 1), truncated, plus one unit; exactly that with exact values."""
        A = self.A
        q = A.div(A.whole(valid), A.whole(self.seats + 1))
        return q if A.exact else q + A.epsilon

    def has_quota(self, vote) -> bool:
        """B.1: at least the quota (exact arithmetic: more than the exact quota)."""
        return vote > self.quota if self.A.exact else vote >= self.quota

    def next_stage(self) -> None:
        if self.pending:
            self.transfer_surplus(self.largest_surplus())  # B.3, possibly a zero surplus
        else:
            self.exclude([self.lowest_to_exclude(self.lowest)])  # B.4

    def transfer_value(self, weight, surplus, total) -> Any:
        """B.3 with D.4: weight x surplus / vote, each step truncated."""
        return self.A.div(self.A.mul(weight, surplus), total)

    def result(self) -> Result:
        return self.gregory_result({"variant": self.variant})
