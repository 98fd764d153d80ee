"""Rule sensitivity: the same ballots counted under several rules, side by side.

An analysis, never a result: it answers "would another rule have elected someone else, and
where would the counts have parted?". Each rule runs with the same seats, gender minimum, women,
withdrawals and seed. A count's *path* is what it decided, in order: who was elected and who was
excluded at each stage (names sorted within a stage, so the order of a list never counts as a
difference). Two rules *diverge* at the first decision in which their paths differ; that is
reported with each rule's own stage label, as rules number their stages differently.

``compare`` takes an optional executor (``concurrent.futures``) so the rules can run in parallel
processes: Meek takes most of the time on a large election, and runs beside the other three.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ballots.counting import methods
from ballots.counting.model import CountError, CountOptions, Election, Result
from ballots.counting.report import stage_label, to_dict

RULES = ("ers97", "scottish", "meek", "wigm", "block")
NAMES = {"ers97": "ERS97", "scottish": "Scottish STV", "meek": "Meek", "wigm": "WIGM", "block": "Block vote"}


@dataclass(frozen=True)
class Outcome:
    method: str
    elected: tuple[str, ...] = ()
    path: tuple[tuple[str, str, str], ...] = ()  # (stage label, "elected"/"excluded", name)
    stages: int = 0
    error: str = ""  # why the rule could not count these ballots ("" when it did)


@dataclass(frozen=True)
class Divergence:
    method: str
    step: int | None  # index in the paths of the first difference; None: the same path
    here: str  # what this rule did there, e.g. "stage 4: excluded Dan Dean" ("" if nothing)
    reference: str  # what the reference rule did there


@dataclass(frozen=True)
class Comparison:
    reference: str  # the rule the others are compared with (the section's own)
    outcomes: tuple[Outcome, ...]
    differs: tuple[str, ...]  # candidates elected under some rules and not others, in file order
    always: tuple[str, ...]  # elected under every rule that counted
    divergences: tuple[Divergence, ...]


def path_of(result: Result) -> tuple[tuple[str, str, str], ...]:
    """The count's decisions in order: at each stage, who was excluded, then who was elected
    (names sorted within a stage). Candidates merely listed as out once every place is filled
    (ERS97 5.5.2's formal exclusion; Meek's "remaining candidates defeated") were decided by
    nothing: in the stage that fills the last place, an exclusion counts only if the candidate's
    papers moved at that stage, and nothing after the last election counts."""
    final = max((i for i, s in enumerate(result.stages) if s.elected), default=-1)
    steps = []
    for i, stage in enumerate(result.stages[: final + 1]):
        label = stage_label(stage)
        moved = [n for n in sorted(stage.excluded) if i < final or stage.transfers.get(n, "").startswith("-")]
        steps += [(label, "excluded", n) for n in moved]
        steps += [(label, "elected", n) for n in sorted(stage.elected)]
    return tuple(steps)


def run_rule(election: Election, options: CountOptions, method: str) -> tuple[Outcome, dict | None]:
    """One rule's outcome and its whole result (the engine's JSON dict, for storing); a module
    function, so it can run in another process."""
    try:
        result = methods.count(election, method, options)
    except CountError as exc:
        return Outcome(method, error=str(exc)), None
    return Outcome(method, tuple(result.elected), path_of(result), len(result.stages)), to_dict(result)


def _describe(step: tuple[str, str, str] | None) -> str:
    return f"stage {step[0]}: {step[1]} {step[2]}" if step else ""


def diverge(outcome: Outcome, reference: Outcome) -> Divergence:
    a, b = outcome.path, reference.path
    for i in range(max(len(a), len(b))):
        here, there = (a[i] if i < len(a) else None), (b[i] if i < len(b) else None)
        if here is None or there is None or here[1:] != there[1:]:
            return Divergence(outcome.method, i, _describe(here), _describe(there))
    return Divergence(outcome.method, None, "", "")


def summarise(candidates: Sequence[str], outcomes: Sequence[Outcome], reference: str) -> Comparison:
    counted = [o for o in outcomes if not o.error]
    sets = [set(o.elected) for o in counted]
    ever = set().union(*sets) if sets else set()
    always = set.intersection(*sets) if sets else set()
    ref = next((o for o in counted if o.method == reference), counted[0] if counted else None)
    divergences = tuple(diverge(o, ref) for o in counted if ref is not None and o is not ref)
    return Comparison(
        reference=ref.method if ref else reference,
        outcomes=tuple(outcomes),
        differs=tuple(c for c in candidates if c in ever - always),
        always=tuple(c for c in candidates if c in always),
        divergences=divergences,
    )


def compare(election: Election, options: CountOptions, rules=RULES, reference: str = "ers97", executor=None):
    """(the comparison, {method: the engine's JSON dict of its result}) for ``rules``."""
    if executor is None:
        pairs = [run_rule(election, options, m) for m in rules]
    else:
        futures = [executor.submit(run_rule, election, options, m) for m in _slowest_first(rules)]
        by_method = {f.result()[0].method: f.result() for f in futures}
        pairs = [by_method[m] for m in rules]
    outcomes = [o for o, _ in pairs]
    results = {o.method: r for o, r in pairs if r is not None}
    return summarise(election.candidates, outcomes, reference), results


def _slowest_first(rules) -> list[str]:
    """Meek first, so it starts at once and the quicker rules share the other process."""
    return sorted(rules, key=lambda m: m != "meek")
