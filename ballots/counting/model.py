"""The counting engine's data: what goes into a count and what comes out.

Plain frozen dataclasses, no Django. Every rule module (ers97, scottish, meek, wigm, simple)
takes an ``Election`` and ``CountOptions`` and returns a ``Result``; readers (blt, csv) produce an
``Election``; reports (text, JSON, CSV) read a ``Result``.

Conventions shared by every module:
- Candidates are numbered from 0 in the order the file lists them; names appear only at the
  edges (reports, options), never as keys inside a count.
- A ranking is a tuple of ranks; a rank is a tuple of candidate numbers. A rank holds more than
  one candidate only where the voter marked equal preferences (BLT ``a=b``).
- Ballot weights are whole numbers of ballot papers (identical rankings merged on read).
- Every figure in a ``Result`` is a string written by the rule's own arithmetic (for example
  ``"12954.91"`` under ERS97), so reports never reformat a number and never touch a float.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

Rank = tuple[int, ...]
Ranking = tuple[Rank, ...]


class CountError(Exception):
    """A count cannot be run as asked (bad options, impossible quota, unknown candidate)."""


class Ballot(NamedTuple):
    """``weight`` identical papers ranking candidates as ``ranking`` (a tuple, so that readers
    can build hundreds of thousands of them quickly)."""

    weight: int
    ranking: Ranking


@dataclass(frozen=True)
class Election:
    title: str
    candidates: tuple[str, ...]
    seats: int
    ballots: tuple[Ballot, ...]
    withdrawn: frozenset[int] = frozenset()
    # Options from the file header, e.g. droop's ``[tie 3 1 2]`` -> {"tie": "3 1 2"}.
    options: Mapping[str, str] = field(default_factory=dict)
    # SHA-256 of the input bytes as read (hex); "" when built in memory.
    input_sha256: str = ""
    # The names exactly as the file wrote them (``candidates`` are normalised: runs of spaces
    # collapsed, ends trimmed); empty when built in memory.
    written_names: tuple[str, ...] = ()

    @property
    def total_ballots(self) -> int:
        return sum(b.weight for b in self.ballots)


@dataclass(frozen=True)
class Totals:
    """A scrutineer's return: each candidate's total, counted without the papers (fptp, block).
    Shaped like an ``Election`` where the tally reads it (names, seats, withdrawn, title)."""

    title: str
    candidates: tuple[str, ...]
    seats: int
    votes: tuple[int, ...]  # one total per candidate, in the order of ``candidates``
    valid_papers: int | None = None  # the return's valid ballots, shown in the result
    invalid_papers: int | None = None
    withdrawn: frozenset[int] = frozenset()
    options: Mapping[str, str] = field(default_factory=dict)
    input_sha256: str = ""


# The choices for ``CountOptions.zero_vote_places``, with what each does in the users' words (the
# command line's and the platform's choices come from here).
ZERO_VOTE_PLACES: Mapping[str, str] = {
    "fill": "Fill it with a candidate who has no votes (ERS97 5.5.1)",
    "unfilled": "Leave it unfilled",
}


@dataclass(frozen=True)
class CountOptions:
    seats: int | None = None  # None: the election's own number of seats
    min_women: int = 0
    women: frozenset[str] = frozenset()  # candidate names counted as women for the quota
    seed: int = 0  # for ties by lot; printed in the result
    # A place that only a candidate with no votes could fill: "fill" elects them (ERS97 5.5.1,
    # and the other rules' equivalent), with a note on the stage; "unfilled" leaves it empty.
    zero_vote_places: str = "fill"
    # Record ``Stage.flows``. Only Meek pays for it (one more walk of the ballot tree a stage,
    # several per cent of its time); callers that never read flows may switch it off.
    flows: bool = True


@dataclass(frozen=True)
class TieBreak:
    stage: int
    purpose: str  # "exclusion", "surplus order", "election", ...
    candidates: tuple[str, ...]
    method: str  # "earlier stages (backwards)", "forwards", "lot", "file order", ...
    chosen: str
    explanation: str = ""


@dataclass(frozen=True)
class Flow:
    """Where value moved at one stage went, from one source: a candidate whose papers (or,
    under Meek, whose kept share) moved on; or, under Meek with truncating arithmetic only, the
    rounding ``loss`` or the ``non-transferable`` pile giving value back. Figures are strings
    in the rule's arithmetic; the source gave ``sum(to) + non_transferable + loss``."""

    source: str  # the candidate's name, or "loss" / "non-transferable" (see ``kind``)
    to: Mapping[str, str]  # candidate name -> value received from this source
    non_transferable: str = "0"
    loss: str = "0"
    kind: str = "candidate"  # "candidate", "loss" or "non-transferable"


@dataclass(frozen=True)
class Stage:
    number: int
    action: str  # what the returning officer reads, e.g. "Surplus of Smith (12.40) transferred"
    tallies: Mapping[str, str]  # candidate name -> decimal string, every candidate still counted
    exhausted: str  # non-transferable so far (cumulative)
    elected: tuple[str, ...] = ()  # elected at this stage
    excluded: tuple[str, ...] = ()  # excluded at this stage
    transfers: Mapping[str, str] = field(default_factory=dict)  # name -> change at this stage
    loss: str = "0"  # rounding/truncation loss so far (cumulative), where the rule has one
    notes: tuple[str, ...] = ()  # e.g. where the gender quota acted and why
    quota: str | None = None  # per-stage quota where the rule recalculates it (Meek)
    # 0 for a whole stage; 1, 2, ... for the sub-stages of one exclusion (ERS97 5.4: one
    # batch of papers per transfer value), which share the stage's number.
    substage: int = 0
    # Source by source, where this stage's transferred value went (empty at the first stage).
    # In the JSON report only when asked for (``report.to_json(result, flows=True)``).
    flows: tuple[Flow, ...] = ()


@dataclass(frozen=True)
class Result:
    method: str
    title: str
    seats: int
    candidates: tuple[str, ...]
    withdrawn: tuple[str, ...]
    valid_votes: str
    quota: str
    elected: tuple[str, ...]  # in order of election
    stages: tuple[Stage, ...]
    tiebreaks: tuple[TieBreak, ...] = ()
    seed: int = 0
    input_sha256: str = ""
    parameters: Mapping[str, str] = field(default_factory=dict)  # min_women, tolerance, ...
    engine_version: str = ""
