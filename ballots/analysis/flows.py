"""Where each stage's transferred value went: by candidate, and by slate (group).

A stage's movement is read from the stage table itself: each candidate's change is their total at
this stage less their total at the stage before (a candidate no longer listed holds nothing), and
what became non-transferable or was lost to rounding is the change in those cumulative rows.
Reading the table rather than re-running the rule means the figures reconcile with the sheet by
construction: what the candidates who fell gave up equals what the others received plus the
new non-transferable and loss, to the last place the rule wrote (``StageFlow.imbalance`` is 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from ballots.counting.model import Result, Stage
from ballots.counting.report import stage_label

EXHAUSTED = "Non-transferable"
LOSS = "Lost to rounding"
INDEPENDENT = "Independents"
SEVERAL = "Several groups at once"
PRECISION = 60  # digits: far beyond any rule's figures, so sums of Decimals are exact


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
    given: Mapping[str, Decimal]  # candidates whose votes fell: how much each gave up (positive)
    received: Mapping[str, Decimal]  # candidates whose votes rose: how much each received
    exhausted: Decimal  # newly non-transferable at this stage
    loss: Decimal  # newly lost to rounding at this stage

    @property
    def moved(self) -> Decimal:
        return sum(self.given.values(), Decimal(0))

    @property
    def imbalance(self) -> Decimal:
        """Given up less received, non-transferable and loss: 0 whenever the table adds up."""
        return self.moved - sum(self.received.values(), Decimal(0)) - self.exhausted - self.loss


def _num(text: str | None) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def stage_flows(result: Result) -> list[StageFlow]:
    """One flow per stage after the first (the first is the first preferences: nothing moves)."""
    flows = []
    with localcontext() as ctx:
        ctx.prec = PRECISION
        for before, stage in zip(result.stages, result.stages[1:], strict=False):
            flows.append(_flow(before, stage))
    return flows


def _flow(before: Stage, stage: Stage) -> StageFlow:
    given, received = {}, {}
    for name in dict.fromkeys([*before.tallies, *stage.tallies]):
        change = _num(stage.tallies.get(name)) - _num(before.tallies.get(name))
        if change < 0:
            given[name] = -change
        elif change > 0:
            received[name] = change
    return StageFlow(
        stage=stage_label(stage),
        action=stage.action,
        given=given,
        received=received,
        exhausted=_num(stage.exhausted) - _num(before.exhausted),
        loss=_num(stage.loss) - _num(before.loss),
    )


@dataclass(frozen=True)
class GroupFlow:
    """One stage's movement by group: from one group (or several at once) to each group."""

    stage: str
    source: str  # the group whose candidates gave the votes up, or SEVERAL
    sources: tuple[str, ...]  # every group that gave votes up (one, unless SEVERAL)
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
    independent). A stage whose votes came from candidates of more than one group at once (a
    joint exclusion; Meek's simultaneous surpluses) is shown as from SEVERAL: the stage table does
    not say whose papers went where, and the figures are never apportioned by guesswork."""
    names = [*order, *sorted({g for g in groups.values() if g and g not in order})]
    if any(not groups.get(n) for n in result.candidates):
        names.append(INDEPENDENT)
    per_stage, totals = [], {}
    with localcontext() as ctx:
        ctx.prec = PRECISION
        for flow in stage_flows(result):
            if not flow.given:
                continue
            sources = tuple(dict.fromkeys(group_of(groups, n) for n in flow.given))
            source = sources[0] if len(sources) == 1 else SEVERAL
            to: dict[str, Decimal] = {}
            for name, value in flow.received.items():
                key = group_of(groups, name)
                to[key] = to.get(key, Decimal(0)) + value
            for key, value in ((EXHAUSTED, flow.exhausted), (LOSS, flow.loss)):
                if value:
                    to[key] = to.get(key, Decimal(0)) + value
            per_stage.append(GroupFlow(flow.stage, source, sources, flow.moved, to))
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
