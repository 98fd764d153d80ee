"""WIGM: the weighted inclusive Gregory method, plain form.

Written beside the Proportional Representation Foundation's reference rule ("PRF Reference
Rule: WIGM", single defeat), which droop implements as ``wigm-prf``:

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

from .gregory import GregoryCount, GregoryRule
from .model import CountError, CountOptions, Election, Result
from .stvcommon import fixed, guarded, rational

PRF_PRECISION = 4


def _rule(exact: bool, variant: str) -> GregoryRule:
    def quota(A: Any, valid: int, seats: int) -> Any:
        q = A.div(A.from_int(valid), A.from_int(seats + 1))  # truncated unless exact
        return q if exact else q + A.epsilon

    def transfer_value(A: Any, weight: Any, surplus: Any, total: Any) -> Any:
        return A.div(A.mul(weight, surplus), total)  # D.4: each step truncated

    return GregoryRule(
        method="wigm",
        quota=quota,
        has_quota=(lambda v, q: v > q) if exact else (lambda v, q: v >= q),
        transfer_value=transfer_value,
        transfer_zero_surplus=True,
        look_back=False,
        parameters={"variant": variant},
    )


def count(election: Election, options: CountOptions) -> Result:
    return count_with(election, options, variant="prf")


def count_with(
    election: Election, options: CountOptions, variant: str = "prf", precision: int = PRF_PRECISION
) -> Result:
    if variant == "prf":
        A, exact = fixed(PRF_PRECISION), False
    elif variant == "fixed":
        A, exact = fixed(precision), False
    elif variant == "rational":
        A, exact = rational(12), True
    elif variant == "guarded":
        A, exact = guarded(18, 9), True
    else:
        raise CountError(f"unknown WIGM variant: {variant!r}")
    return GregoryCount(election, options, _rule(exact, variant), A).run()
