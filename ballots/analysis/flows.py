"""Where each stage's transferred value went: by candidate, and by slate (group).

Nothing here works a transfer out. The engine, which moved the value, wrote down where it went
(``Stage.flows``: for each source, a candidate whose papers or, under Meek, whose kept share moved
on, how much went to each candidate, to non-transferable and to loss); this module only sums those
records, by candidate and by slate. So a slate's figures are exact even when candidates of several
slates were excluded together, and the engine's own test reconciles the records with every stage
table (tests/ballots/counting/test_flows.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from ballots.counting.model import Flow, Result, Stage
from ballots.counting.report import stage_label

EXHAUSTED = "Non-transferable"
LOSS = "Lost to rounding"
INDEPENDENT = "Independents"
PRECISION = 60  # digits: far beyond any rule's figures, so sums of Decimals are exact
# Under Meek with truncating arithmetic the two piles can give value back; as sources they are
# named as the piles are in the tables.
PILES = {"non-transferable": EXHAUSTED, "loss": LOSS}


def places_of(result: Result) -> int:
    """The number of decimal places the rule writes (the most any figure in the result has)."""
    figures = [result.quota, result.valid_votes]
    for s in result.stages:
        figures += [s.exhausted, s.loss, *s.tallies.values()]
    return max((len(f.partition(".")[2]) for f in figures if f), default=0)


def fmt(value: Decimal, places: int) -> str:
    """A figure written to the rule's places (exact: every figure here is a sum of the rule's)."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return str(value.quantize(Decimal(1).scaleb(-places))) if places else str(value.quantize(Decimal(1)))


@dataclass(frozen=True)
class StageFlow:
    stage: str  # "2", "5.1"
    action: str
    given: Mapping[str, Decimal]  # candidates whose papers (or kept share) moved on: how much each passed on
    received: Mapping[str, Decimal]  # candidates who received: how much each received
    exhausted: Decimal  # newly non-transferable at this stage (less what that pile gave back)
    loss: Decimal  # newly lost to rounding at this stage (less what that pile gave back)
    sources: tuple[Flow, ...] = ()  # the engine's record, source by source

    @property
    def moved(self) -> Decimal:
        return sum(self.given.values(), Decimal(0))


def _num(text: str | None) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def passed_on(flow: Flow) -> Decimal:
    """What one source gave at a stage: all it sent to candidates, non-transferable and loss."""
    return sum(map(Decimal, flow.to.values()), Decimal(0)) + _num(flow.non_transferable) + _num(flow.loss)


def stage_flows(result: Result) -> list[StageFlow]:
    """One flow per stage after the first (the first is the first preferences: nothing moves)."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return [_flow(stage) for stage in result.stages[1:]]


def _flow(stage: Stage) -> StageFlow:
    given: dict[str, Decimal] = {}
    received: dict[str, Decimal] = {}
    exhausted = loss = Decimal(0)
    for f in stage.flows:
        out = passed_on(f)
        if f.kind == "candidate":
            given[f.source] = given.get(f.source, Decimal(0)) + out
        elif f.kind == "non-transferable":
            exhausted -= out
        else:
            loss -= out
        for name, value in f.to.items():
            received[name] = received.get(name, Decimal(0)) + Decimal(value)
        exhausted += _num(f.non_transferable)
        loss += _num(f.loss)
    return StageFlow(stage_label(stage), stage.action, given, received, exhausted, loss, tuple(stage.flows))


@dataclass(frozen=True)
class GroupFlow:
    """One stage's movement from one group's candidates (or one pile) to each group."""

    stage: str
    source: str  # the group whose candidates passed the votes on (or a pile giving value back)
    moved: Decimal
    to: Mapping[str, Decimal]  # group -> received; EXHAUSTED and LOSS included when not zero


@dataclass(frozen=True)
class SlateFlows:
    groups: tuple[str, ...]  # slates in the order given, then INDEPENDENT if any candidate is one
    stages: tuple[GroupFlow, ...]
    # Whole count: source group -> destination (group, EXHAUSTED, LOSS) -> value
    totals: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)

    def within(self, group: str) -> Decimal:
        return self.totals.get(group, {}).get(group, Decimal(0))


def group_of(groups: Mapping[str, str], name: str) -> str:
    return groups.get(name) or INDEPENDENT


def slate_flows(result: Result, groups: Mapping[str, str], order: tuple[str, ...] = ()) -> SlateFlows:
    """Each stage's flow by group (``groups``: candidate name -> slate; anyone missing is
    independent): one row per stage and source group, from the engine's record of each source."""
    names = [*order, *sorted({g for g in groups.values() if g and g not in order})]
    if any(not groups.get(n) for n in result.candidates):
        names.append(INDEPENDENT)
    per_stage, totals = [], {}
    with localcontext() as ctx:
        ctx.prec = PRECISION
        for stage in result.stages[1:]:
            by_source: dict[str, dict[str, Decimal]] = {}
            for f in stage.flows:
                source = group_of(groups, f.source) if f.kind == "candidate" else PILES[f.kind]
                to = by_source.setdefault(source, {})
                items = [(group_of(groups, n), Decimal(v)) for n, v in f.to.items()]
                items += [(EXHAUSTED, _num(f.non_transferable)), (LOSS, _num(f.loss))]
                for key, value in items:
                    if value:
                        to[key] = to.get(key, Decimal(0)) + value
            for source, to in by_source.items():
                if not to:
                    continue
                per_stage.append(GroupFlow(stage_label(stage), source, sum(to.values(), Decimal(0)), to))
                row = totals.setdefault(source, {})
                for key, value in to.items():
                    row[key] = row.get(key, Decimal(0)) + value
    return SlateFlows(tuple(names), tuple(per_stage), totals)


def final_totals(result: Result) -> dict[str, Decimal]:
    """Each candidate's total when their part in the count ended: the last stage at which they
    held votes (the quota or more for those elected; what they had when excluded for the rest)."""
    final: dict[str, Decimal] = {}
    for stage in result.stages:
        for name, text in stage.tallies.items():
            value = _num(text)
            if value:
                final[name] = value
    return final
