"""Papers as the STV rules hold them, and the record of where each stage's value went.

- ``without_withdrawn``: a ranking with withdrawn candidates passed over (every rule).
- ``Batch`` and ``sort_papers``: papers received together at one value, and their sorting to
  the next preference for a continuing candidate (ERS97, and the inclusive Gregory rules).
- ``FlowRecorder``: where value moved at one stage went, source by source (``Stage.flows``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from .model import Flow, Ranking

_count = itemgetter(2)


def without_withdrawn(ranking: Ranking, withdrawn: frozenset[int]) -> Ranking:
    """The ranking with withdrawn candidates passed over (a rank left empty is dropped)."""
    if not withdrawn:
        return ranking
    ranks = (tuple(c for c in rank if c not in withdrawn) for rank in ranking)
    return tuple(rank for rank in ranks if rank)


@dataclass
class Batch:
    """Papers received together at one value (a counting-slip bundle, ERS97 6.1; the papers a
    Scottish candidate holds at one transfer value). A paper is ``(ranking, pos, n)``: ``n``
    identical papers whose rank ``ranking[pos]`` names the candidate holding them."""

    value: Any
    papers: list

    @property
    def size(self) -> int:
        return number_of(self.papers)


def number_of(papers: Iterable) -> int:
    """How many papers (``(prefs, pos, n)`` entries stand for ``n`` each)."""
    return sum(map(_count, papers))


def sort_papers(papers: Iterable, cont: Sequence[bool]) -> tuple[dict[int, list], int]:
    """Sort papers to their next preference for a continuing candidate (``cont[c]``); returns
    the piles (in first-seen order) and the number of papers with none (non-transferable).

    A paper is ``(ranking, pos, n)`` with the ranking as the ballot has it (a tuple of ranks);
    candidates not continuing (elected, excluded, withdrawn) are passed over. Equal marks for
    two or more continuing candidates are void for uncertainty: the paper is non-transferable
    there (ERS97 6.10). With ``pos`` -1 this finds each paper's first preference."""
    piles: dict[int, list] = {}
    get = piles.get
    nontransferable = 0
    for prefs, pos, n in papers:
        i = pos + 1
        try:  # skip to the next continuing preference (running off the end is the rare case)
            rank = prefs[i]
            while len(rank) == 1 and not cont[rank[0]]:
                i += 1
                rank = prefs[i]
        except IndexError:
            nontransferable += n
            continue
        if len(rank) == 1:
            c = rank[0]
        else:
            c, i = _after_equal_marks(prefs, i, cont)
            if c is None:
                nontransferable += n
                continue
        pile = get(c)
        if pile is None:
            piles[c] = [(prefs, i, n)]
        else:
            pile.append((prefs, i, n))
    return piles, nontransferable


def _after_equal_marks(prefs, i: int, cont: Sequence[bool]) -> tuple[int | None, int]:
    """The next continuing preference from ``prefs[i]`` on, where equal marks are met."""
    for j in range(i, len(prefs)):
        live = [c for c in prefs[j] if cont[c]]
        if live:  # one live candidate: that one; several: void for uncertainty
            return (live[0] if len(live) == 1 else None), j
    return None, len(prefs)


class FlowRecorder:
    """Where the value moved at one stage went, source by source (``Stage.flows``)."""

    def __init__(self, A) -> None:
        self.A = A
        self.sources: dict[Any, dict] = {}  # source -> {"to": {c: value}, "nt": value, "loss": value}

    def _entry(self, source) -> dict:
        entry = self.sources.get(source)
        if entry is None:
            entry = self.sources[source] = {"to": {}, "nt": self.A.zero, "loss": self.A.zero}
        return entry

    def to(self, source, c: int, value) -> None:
        to = self._entry(source)["to"]
        to[c] = to[c] + value if c in to else value

    def nontransferable(self, source, value) -> None:
        self._entry(source)["nt"] += value

    def loss(self, source, value) -> None:
        self._entry(source)["loss"] += value

    def flows(self, names: Sequence[str]) -> tuple[Flow, ...]:
        fmt, zero, out = self.A.format, self.A.zero, []
        for source in sorted(self.sources, key=_source_order):
            e = self.sources[source]
            kind, label = ("candidate", names[source]) if isinstance(source, int) else (source, source)
            to = {names[c]: fmt(v) for c, v in sorted(e["to"].items()) if v != zero}
            out.append(Flow(source=label, kind=kind, to=to, non_transferable=fmt(e["nt"]), loss=fmt(e["loss"])))
        return tuple(out)


def _source_order(source) -> tuple[int, Any]:
    return (0, source) if isinstance(source, int) else (1, source)
