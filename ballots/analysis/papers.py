"""What the ballot papers themselves say, before any transfer: first preferences and slate discipline.

Papers are read as the count reads them: withdrawn candidates are passed over, so a paper whose
first mark is for a withdrawn candidate counts for its next preference. A first mark shared by
two or more candidates (``A=B``) is no candidate's first preference (ERS97 treats it as invalid).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ballots.counting.model import Election

from .flows import INDEPENDENT, group_of


def _marks(ranking, withdrawn):
    """The paper's preferences with withdrawn candidates passed over (empty ranks dropped), lazily:
    most readers stop at the first mark or two, and 130,000 papers must be read in well under 2 s."""
    if not withdrawn:
        yield from ranking
        return
    for rank in ranking:
        live = tuple(c for c in rank if c not in withdrawn)
        if live:
            yield live


@dataclass(frozen=True)
class FirstPreferences:
    votes: Mapping[str, int]  # every candidate, in the election's order (withdrawn: 0)
    shared_first: int  # papers whose first mark is shared by several candidates
    blank: int  # papers with no mark for any candidate still standing
    papers: int


def first_preferences(election: Election) -> FirstPreferences:
    votes = [0] * len(election.candidates)
    shared = blank = 0
    for ballot in election.ballots:
        first = next(_marks(ballot.ranking, election.withdrawn), None)
        if first is None:
            blank += ballot.weight
        elif len(first) > 1:
            shared += ballot.weight
        else:
            votes[first[0]] += ballot.weight
    return FirstPreferences(
        votes=dict(zip(election.candidates, votes, strict=True)),
        shared_first=shared,
        blank=blank,
        papers=election.total_ballots,
    )


@dataclass(frozen=True)
class Discipline:
    """Papers whose first preference is on one slate, by how many of that slate's candidates
    they put first, before any other candidate (or the end of the paper)."""

    slate: str
    size: int  # the slate's candidates still standing
    papers: int
    by_depth: tuple[int, ...]  # by_depth[k-1]: papers keeping to the slate for exactly k preferences

    @property
    def whole_slate(self) -> int:
        """Papers that put every one of the slate's candidates first."""
        return self.by_depth[-1] if self.by_depth else 0


def slate_discipline(election: Election, groups: Mapping[str, str], order: tuple[str, ...] = ()) -> list[Discipline]:
    """For each slate (independents are no slate), how far down its first-preference papers stay on it."""
    slate_of = [group_of(groups, name) for name in election.candidates]
    standing = [c for c in range(len(election.candidates)) if c not in election.withdrawn]
    slates = [*order, *sorted({slate_of[c] for c in standing} - set(order) - {INDEPENDENT})]
    size = {s: sum(1 for c in standing if slate_of[c] == s) for s in slates}
    depth = {s: [0] * size[s] for s in slates}
    for ballot in election.ballots:
        marks = _marks(ballot.ranking, election.withdrawn)
        first = next(marks, None)
        if first is None or len(first) > 1 or slate_of[first[0]] not in depth:
            continue
        slate, kept = slate_of[first[0]], 1
        for rank in marks:
            if len(rank) == 1:
                if slate_of[rank[0]] != slate:
                    break
            elif any(slate_of[c] != slate for c in rank):
                break
            kept += len(rank)
        depth[slate][min(kept, size[slate]) - 1] += ballot.weight
    return [Discipline(s, size[s], sum(depth[s]), tuple(depth[s])) for s in slates if size[s]]
