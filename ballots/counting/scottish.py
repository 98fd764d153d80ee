"""Scottish STV: the Scottish Local Government Elections Order 2007 (SSI 2007/42), rules 45-52.

Each rule of the Order is quoted where it acts below. The life of the count (first stage, stages
until the places are filled, the end) is ``lifecycle.Count``; moving papers at a value to their
next continuing preference is ``lifecycle.InclusiveGregory``: nothing else decides anything.

Arithmetic: fixed point, five decimals, "any remainder being ignored" (48(3)); ``count_with``
takes another precision. What truncation loses is shown as ``loss``; papers with no further
preference are non-transferable (``exhausted``) at their new value. The Order's own
"non-transferable" figure is ``exhausted + loss``.

Equal preferences (``a=b``) are not part of the Order's ballot paper: a paper ends there.
"""

from __future__ import annotations

from typing import Any

from .arithmetic import Fixed
from .lifecycle import InclusiveGregory
from .model import CountOptions, Election, Result
from .tiebreak import BACKWARDS, TieRule

PRECISION = 5  # 48(3): "the calculation being made to five decimal places"

# 49(2), 51(2): the candidate with more (fewer) votes "at the most recent stage" at which the
# tied candidates had unequal votes; equal at every stage: lots (from ``CountOptions.seed``; a
# droop ``[tie]`` order in the file is taken as that lot, drawn in advance).
TIES = TieRule(look_back=BACKWARDS, file_order=True, lot_lists_all_tied=False, lot_explanation="drawn with seed {seed}")


def count(election: Election, options: CountOptions) -> Result:
    return count_with(election, options)


def count_with(election: Election, options: CountOptions, precision: int = PRECISION) -> Result:
    """The Order's rules at another number of decimal places (the Order itself says five)."""
    return ScottishCount(election, options, precision).run()


class ScottishCount(InclusiveGregory):
    method = "scottish"

    def __init__(self, election: Election, options: CountOptions, precision: int) -> None:
        super().__init__(election, options, Fixed(precision), TIES)

    # Rule 45: at the first stage each paper counts one vote for its first preference
    # (``InclusiveGregory.first_stage``).

    def quota_for(self, valid: int) -> Any:
        """Rule 46: the number of valid papers divided by the number of councillors to be
        elected plus one; "any fraction" disregarded; plus one."""
        return self.A.whole(valid // (self.seats + 1) + 1)

    def has_quota(self, vote) -> bool:
        """Rule 47: a candidate whose votes "equal or exceed the quota" is elected."""
        return vote >= self.quota

    def next_stage(self) -> None:
        # Rule 48(1): only a surplus - votes that *exceed* the quota - is transferred: a
        # candidate exactly at the quota has none, and no stage.
        self.pending = [c for c in self.pending if self.votes[c] != self.quota]
        if self.pending:
            # Rule 49(1): the largest surplus first; 49(2): equal surpluses by ``TIES``.
            self.transfer_surplus(self.largest_surplus())
        else:
            # Rule 50: no surplus to transfer: exclude the candidate with the fewest votes
            # (51: equal lowest by ``TIES``); all their papers pass on at their present value.
            self.exclude([self.lowest_to_exclude(self.lowest)])

    def transfer_value(self, value, surplus, total) -> Any:
        """Rule 48(3): every paper the candidate holds passes on at A / B, where A is the
        surplus times the value of the paper when received and B the candidate's total vote,
        "the calculation being made to five decimal places (any remainder being ignored)"."""
        return self.A.muldiv(surplus, value, total)

    # Rule 52: when the continuing candidates equal the places left, they are elected without
    # further transfer (``lifecycle.Count.close``).

    def result(self) -> Result:
        return self.gregory_result({"variant": "SSI 2007/42 rules 45-52", "rounding": "truncate"})
