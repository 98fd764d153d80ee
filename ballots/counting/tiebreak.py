"""Ties: one tie-breaker for every rule, settled as each rule's text says, every decision recorded.

A rule declares its ``TieRule``: whether it first looks at earlier points of the count, and which
way (ERS97 5.2.3 and 5.2.5 look *forwards*, to the first stage or the earliest point after a batch
of papers at which the tied candidates had unequal votes; the Scottish Order, rules 49(2) and
51(2), looks *backwards*, to the most recent stage at which they differed); whether a
predetermined order in the file (droop's ``[tie 3 1 2]``) settles what history does not (the PRF
reference rules, WIGM and Meek); and then lot.

A draw by lot uses one ``random.Random(seed)`` per count, over the tied candidates sorted by
candidate number, so the same ballots, rule and seed always draw the same lot. Every decision is
recorded as a ``TieBreak`` so a result sheet can show it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .model import CountError, TieBreak

FORWARDS = "forwards"
BACKWARDS = "backwards"


@dataclass(frozen=True)
class TieRule:
    """How one rule settles a tie."""

    look_back: str | None = None  # FORWARDS, BACKWARDS, or None (no look at earlier stages)
    file_order: bool = False  # a file's [tie] order is the rule's predetermined order
    # How a draw by lot reads on the result sheet. ERS97 and AV list every tied candidate;
    # the droop-family rules list those left after looking back. Kept as each rule has always
    # written it, so stored results keep their hashes.
    lot_lists_all_tied: bool = True
    lot_explanation: str = "equal at every earlier point; drawn by lot with seed {seed}"


def narrow_by_history(
    tied: Iterable[int],
    history: Sequence[Sequence],
    *,
    prefer: str,
    direction: str,
) -> tuple[list[int], int | None]:
    """Narrow ``tied`` using earlier points of the count.

    ``history`` holds, oldest first, each point's votes indexed by candidate number.
    ``prefer`` is "lowest" (e.g. whom to exclude) or "highest" (whose surplus goes first).
    Returns the candidates still tied and the index of the point that settled it (or None).
    At each point in turn only the candidates with the preferred vote stay in; with three or
    more tied this keeps narrowing until one is left or the points run out.
    """
    if prefer not in ("lowest", "highest"):
        raise ValueError(f"prefer must be 'lowest' or 'highest', not {prefer!r}")
    if direction not in (FORWARDS, BACKWARDS):
        raise ValueError(f"direction must be {FORWARDS!r} or {BACKWARDS!r}")
    left = sorted(set(tied))
    order = range(len(history)) if direction == FORWARDS else range(len(history) - 1, -1, -1)
    pick = min if prefer == "lowest" else max
    for i in order:
        point = history[i]
        best = pick(point[c] for c in left)
        narrowed = [c for c in left if point[c] == best]
        if len(narrowed) < len(left):
            left = narrowed
            if len(left) == 1:
                return left, i
    return left, None


class TieBreaker:
    """Breaks the ties of one count by its rule and keeps the record of every decision."""

    def __init__(
        self,
        seed: int,
        names: Sequence[str],
        rule: TieRule | None = None,
        options: Mapping[str, str] | None = None,
    ) -> None:
        self.seed = seed
        self.names = tuple(names)
        self.rule = rule = rule or TieRule()
        self._lot = random.Random(seed)
        self.records: list[TieBreak] = []
        self.file_order = _file_order(options or {}) if rule.file_order else None

    def by_lot(self, tied: Iterable[int]) -> int:
        """Draw one of ``tied``; the draw depends only on the seed and earlier draws."""
        ordered = sorted(set(tied))
        return ordered[self._lot.randrange(len(ordered))]

    def choose(
        self,
        tied: Iterable[int],
        history: Sequence[Sequence],
        *,
        stage: int,
        purpose: str,
        prefer: str,
        label: Callable[[int], str] | None = None,
    ) -> int:
        """One candidate from ``tied``: by earlier points, then the file's order, then lot.

        ``label`` names a history index in the explanation (default "stage N").
        """
        tied = sorted(set(tied))
        if len(tied) == 1:
            return tied[0]
        label = label or (lambda i: f"stage {i + 1}")
        left = tied
        if self.rule.look_back:
            left, settled_at = narrow_by_history(tied, history, prefer=prefer, direction=self.rule.look_back)
            if len(left) == 1:
                how = f"earlier stages ({self.rule.look_back})"
                self.record(stage, purpose, tied, how, left[0], f"{prefer} vote at {label(settled_at)}")
                return left[0]
        if self.file_order is not None and all(c in self.file_order for c in left):
            chosen = min(left, key=self.file_order.index)
            why = "the election file's predetermined tie order"
            self.record(stage, purpose, left, "file order ([tie] option)", chosen, why)
            return chosen
        chosen = self.by_lot(left)
        listed = tied if self.rule.lot_lists_all_tied else left
        self.record(stage, purpose, listed, "lot", chosen, self.rule.lot_explanation.format(seed=self.seed))
        return chosen

    def record(self, stage: int, purpose: str, tied: Iterable[int], method: str, chosen: int, why: str) -> None:
        self.records.append(
            TieBreak(
                stage=stage,
                purpose=purpose,
                candidates=tuple(self.names[c] for c in sorted(tied)),
                method=method,
                chosen=self.names[chosen],
                explanation=why,
            )
        )


def _file_order(options: Mapping[str, str]) -> list[int] | None:
    """droop's ``[tie 3 1 2]`` (candidate numbers from 1): the first listed is chosen."""
    text = options.get("tie")
    if not text:
        return None
    try:
        return [int(t) - 1 for t in text.split()]
    except ValueError:
        raise CountError(f"bad [tie] option: {text!r}") from None
