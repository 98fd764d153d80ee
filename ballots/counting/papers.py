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

_count = itemgetter(0)


def without_withdrawn(ranking: Ranking, withdrawn: frozenset[int]) -> Ranking:
    """The ranking with withdrawn candidates passed over (a rank left empty is dropped)."""
    if not withdrawn:
        return ranking
    ranks = (tuple(c for c in rank if c not in withdrawn) for rank in ranking)
    return tuple(rank for rank in ranks if rank)


@dataclass
class Batch:
    """Papers received together at one value (a counting-slip bundle, ERS97 6.1; the papers a
    Scottish candidate holds at one transfer value). A paper is ``(n, ranking)``: ``n``
    identical papers (see ``sort_papers``).

    ``size`` (how many papers) is counted once, when the batch is made: a rule asks for it
    several times a stage, and a batch holds up to hundreds of thousands of entries. A rule that
    adds papers to a batch adds their number too."""

    value: Any
    papers: list
    size: int = -1

    def __post_init__(self) -> None:
        if self.size < 0:
            self.size = number_of(self.papers)


def number_of(papers: Iterable) -> int:
    """How many papers (``(n, ranking)`` entries stand for ``n`` each)."""
    return sum(map(_count, papers))


def sort_papers(papers: Iterable, cont: Sequence[bool]) -> tuple[dict[int, list], dict[int, int], int]:
    """Sort papers to their next preference for a continuing candidate (``cont[c]``); returns
    the piles (in candidate order), how many papers each pile holds, and the number of papers
    with none (non-transferable).

    A paper is ``(n, ranking)``: ``n`` identical papers ranking candidates as ``ranking`` (a
    tuple of ranks), such as the election's own ``Ballot``s, so that a pile holds the very
    objects the reader made and moving a paper makes nothing new. Candidates not continuing
    (elected, excluded, withdrawn) are passed over. Equal marks for two or more continuing
    candidates are void for uncertainty: the paper is non-transferable there (ERS97 6.10).

    The search starts at the first rank every time: no candidate ever becomes continuing again,
    so the ranks before the one a paper was sorted to (and that one, whose candidate is now
    leaving the count) name no continuing candidate, and the search finds the same next
    preference as one started after the paper's present rank. The piles' sizes are added up
    here, while each paper is at hand, rather than by visiting every paper again."""
    piles: list[list] = [[] for _ in cont]
    sizes = [0] * len(cont)
    # Where a one-candidate rank sends a paper: its candidate, or None to pass over a candidate
    # not continuing. One dictionary look-up a preference; a rank naming several candidates is
    # not in it (``KeyError``).
    step = {(c,): (c if live else None) for c, live in enumerate(cont)}
    nontransferable = 0
    for paper in papers:
        prefs = paper[1]
        i = 0
        try:  # skip to the next continuing preference (running off the end is the rare case)
            c = step[prefs[0]]
            while c is None:
                i += 1
                c = step[prefs[i]]
        except IndexError:
            nontransferable += paper[0]
            continue
        except KeyError:  # equal marks: a rank naming several candidates
            c = _after_equal_marks(prefs, i, cont)
            if c is None:
                nontransferable += paper[0]
                continue
        piles[c].append(paper)
        sizes[c] += paper[0]
    held = [c for c, pile in enumerate(piles) if pile]
    return {c: piles[c] for c in held}, {c: sizes[c] for c in held}, nontransferable


def _after_equal_marks(prefs, i: int, cont: Sequence[bool]) -> int | None:
    """The next continuing preference from ``prefs[i]`` on, where equal marks are met."""
    for j in range(i, len(prefs)):
        live = [c for c in prefs[j] if cont[c]]
        if live:  # one live candidate: that one; several: void for uncertainty
            return live[0] if len(live) == 1 else None
    return None


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
