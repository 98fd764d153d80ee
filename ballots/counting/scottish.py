"""Scottish STV: the Scottish Local Government Elections Order 2007 (SSI 2007/42), rules 45-52.

45  First stage: one vote per paper for its first preference.
46  Quota: valid papers / (councillors + 1), decimals ignored, plus one.
47  A candidate whose votes equal or exceed the quota is elected.
48  Surplus: every paper the candidate holds is passed on at a transfer value of
    surplus x (value of the paper when received) / (candidate's total votes),
    "the calculation being made to five decimal places (any remainder being ignored)".
    What truncation loses is shown as ``loss``; papers with no further preference are
    non-transferable (``exhausted``) at their new value.
49  Largest surplus first; equal surpluses: the candidate with more votes at the most recent
    stage at which they differed; equal at every stage: lot.
50  No surplus left to transfer: exclude the lowest; all their papers pass on at their present
    value, in one stage.
51  Equal lowest: the one with fewer votes at the most recent stage at which they differed;
    equal at every stage: lot (``CountOptions.seed``; a droop ``[tie]`` order if the file has one).
52  When continuing candidates equal the places left they are elected, without more transfers.

A candidate whose votes exactly equal the quota has no surplus (48(1): "exceeds"), so no stage.
Arithmetic: fixed point, five decimals, truncating (the Order); ``count_with`` takes another
precision.
"""

from __future__ import annotations

from typing import Any

from .gregory import GregoryCount, GregoryRule
from .model import CountOptions, Election, Result
from .stvcommon import fixed

PRECISION = 5


def _quota(A: Any, valid: int, seats: int) -> Any:
    return A.from_int(valid // (seats + 1) + 1)  # rule 46


def _transfer_value(A: Any, value: Any, surplus: Any, total: Any) -> Any:
    return A.muldiv(surplus, value, total)  # rule 48(3): A / B, remainder ignored


RULE = GregoryRule(
    method="scottish",
    quota=_quota,
    has_quota=lambda vote, quota: vote >= quota,  # rule 47
    transfer_value=_transfer_value,
    transfer_zero_surplus=False,
    look_back=True,
    parameters={"variant": "SSI 2007/42 rules 45-52", "rounding": "truncate"},
)


def count(election: Election, options: CountOptions) -> Result:
    return count_with(election, options)


def count_with(election: Election, options: CountOptions, precision: int = PRECISION) -> Result:
    """The Order's rules at another number of decimal places (the Order itself says five)."""
    return GregoryCount(election, options, RULE, fixed(precision)).run()
