"""Deterministic tie-breaking: earlier stages first, then by lot with a seeded generator.

Rules differ in which earlier point decides a tie. ERS97 (5.2.3, 5.2.5, 5.6.2) looks
*forwards*: the first stage, or the earliest point after a batch of papers, at which the tied
candidates had unequal votes. Other rules (for example Scottish STV, SSI 2007/42 r.49-52) look
*backwards*: the most recent stage at which they differed. Both are here; each rule says which.

Every decision is recorded as a ``TieBreak`` so a result sheet can show it. A draw by lot uses
one ``random.Random(seed)`` per count, over the tied candidates sorted by candidate number, so
the same ballots, rule and seed always draw the same lot.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from .model import TieBreak

FORWARDS = "forwards"
BACKWARDS = "backwards"


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
    """Breaks ties for one count and keeps the record of every decision."""

    def __init__(self, seed: int, names: Sequence[str]) -> None:
        self.seed = seed
        self.names = tuple(names)
        self._lot = random.Random(seed)
        self.records: list[TieBreak] = []

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
        direction: str,
        label=None,
    ) -> int:
        """One candidate from ``tied``: by earlier points, else by lot. Records the decision.

        ``label`` formats a history index for the explanation (e.g. "stage 3").
        """
        tied = sorted(set(tied))
        label = label or (lambda i: f"stage {i + 1}")
        if len(tied) == 1:
            return tied[0]
        left, settled_at = narrow_by_history(tied, history, prefer=prefer, direction=direction)
        if len(left) == 1:
            chosen = left[0]
            method = f"earlier stages ({direction})"
            why = f"{prefer} vote at {label(settled_at)}"
        else:
            chosen = self.by_lot(left)
            method = "lot"
            why = f"equal at every earlier point; drawn by lot with seed {self.seed}"
        self.record(stage, purpose, tied, method, chosen, why)
        return chosen

    def order(
        self,
        tied: Iterable[int],
        history: Sequence[Sequence],
        **kwargs,
    ) -> list[int]:
        """All of ``tied`` in the order repeated ``choose`` calls would pick them."""
        left = sorted(set(tied))
        out = []
        while left:
            c = self.choose(left, history, **kwargs)
            out.append(c)
            left.remove(c)
        return out

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
