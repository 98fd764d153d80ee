"""Papers as the STV rules hold them, and the record of where each stage's value went.

- ``without_withdrawn``: a ranking with withdrawn candidates passed over (every rule).
- ``Batch`` and ``sort_papers``: papers received together at one value, and their sorting to
  the next preference for a continuing candidate (ERS97, and the inclusive Gregory rules).
- ``FlowRecorder``: where value moved at one stage went, source by source (``Stage.flows``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .model import Flow, Ranking


def without_withdrawn(ranking: Ranking, withdrawn: frozenset[int]) -> Ranking:
    """The ranking with withdrawn candidates passed over (a rank left empty is dropped)."""
    if not withdrawn:
        return ranking
    ranks = (tuple(c for c in rank if c not in withdrawn) for rank in ranking)
    return tuple(rank for rank in ranks if rank)


@dataclass
class Batch:
    """Papers received together at one value (a counting-slip bundle, ERS97 6.1; the papers a
    Scottish candidate holds at one transfer value). A paper is ``(prefs, pos, n)``: ``n``
    identical papers whose preference ``prefs[pos]`` is the candidate holding them; a
    preference is a candidate number, or a tuple of candidates marked equal."""

    value: Any
    papers: list

    @property
    def size(self) -> int:
        return sum(p[2] for p in self.papers)


def sort_papers(papers: Iterable, cont: Sequence[bool]) -> tuple[dict[int, list], int]:
    """Sort papers to their next preference for a continuing candidate (``cont[c]``); returns
    the piles (in first-seen order) and the number of papers with none (non-transferable).
    Equal preferences for two or more continuing candidates are void for uncertainty: the
    paper is non-transferable there (ERS97 6.10)."""
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
                    break
        if dest is None:
            nontransferable += n
        elif dest in piles:
            piles[dest].append((prefs, i, n))
        else:
            piles[dest] = [(prefs, i, n)]
    return piles, nontransferable


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
