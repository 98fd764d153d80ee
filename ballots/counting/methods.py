"""The counting methods: the one list, and the library's entry points.

``METHODS`` is the one list of methods: the command line's choices and the platform's model,
form, count and return choices (``elections.models.CountingMethod``, ``ballots.results``) derive
from it. Each entry names the module that counts ballots, the
one that counts a scrutineer's totals (fptp and block), and which papers the method counts as
valid (``validity``). Modules are imported only when asked for, so a missing or broken rule
never stops the others.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from .limits import MAX_BALLOTS
from .model import CountError, CountOptions, Election, Result, Totals
from .papers import without_withdrawn

# Which papers a method counts (``validity``): every method needs a preference for a standing
# candidate; most need exactly one first preference (ERS97 6.9, and a first mark shared by two
# candidates is void under fptp, AV and the Gregory rules); Meek shares an equal first
# preference and block vote counts each mark.
ONE_FIRST_PREFERENCE = "one first preference"
ANY_PREFERENCE = "any preference"


@dataclass(frozen=True)
class Method:
    name: str
    label: str  # in the users' words
    counts: str  # "module" (its ``count``) or "module:function", counting an Election
    totals: str = ""  # the same for a scrutineer's Totals, where the method can count them
    valid_papers: str = ONE_FIRST_PREFERENCE
    ranked: bool = True  # a ballot paper numbers preferences; otherwise it is marked with crosses


METHODS: tuple[Method, ...] = (
    Method("ers97", "STV (ERS97 rules)", "ballots.counting.ers97"),
    Method("scottish", "STV (Scottish rules, SSI 2007/42)", "ballots.counting.scottish"),
    Method("meek", "STV (Meek)", "ballots.counting.meek", valid_papers=ANY_PREFERENCE),
    Method("wigm", "STV (weighted inclusive Gregory)", "ballots.counting.wigm"),
    Method(
        "fptp",
        "First past the post",
        "ballots.counting.simple:fptp",
        totals="ballots.counting.simple:fptp_totals",
        ranked=False,
    ),
    Method(
        "block",
        "Block vote",
        "ballots.counting.simple:block",
        totals="ballots.counting.simple:block_totals",
        valid_papers=ANY_PREFERENCE,
        ranked=False,
    ),
    Method("av", "Alternative vote", "ballots.counting.simple:av"),
)
BY_NAME = {m.name: m for m in METHODS}


def method_names() -> tuple[str, ...]:
    return tuple(BY_NAME)


def totals_methods() -> tuple[Method, ...]:
    """The methods that can count a scrutineer's return of candidates' totals."""
    return tuple(m for m in METHODS if m.totals)


def choices() -> list[tuple[str, str]]:
    """(name, label) of every method, for forms and model fields."""
    return [(m.name, m.label) for m in METHODS]


def totals_choices() -> list[tuple[str, str]]:
    return [(m.name, m.label) for m in totals_methods()]


def method(name: str) -> Method:
    found = BY_NAME.get(name)
    if found is None:
        raise CountError(f"unknown method {name!r}; choose from {', '.join(BY_NAME)}")
    return found


def _import(name: str, target: str):
    module_path, _, attr = target.partition(":")
    try:
        module: ModuleType = importlib.import_module(module_path)
    except ModuleNotFoundError as exc:
        if exc.name and module_path.startswith(exc.name):
            raise CountError(f"method {name} is not available") from None
        raise
    func = getattr(module, attr or "count", None)
    if func is None:
        raise CountError(f"method {name} is not available")
    return func


def load(name: str):
    """The ``count`` function for ``name``, or CountError if it is unknown or not installed."""
    return _import(name, method(name).counts)


def count(election: Election, method_name: str, options: CountOptions | None = None) -> Result:
    """Count ``election`` by ``method_name``: the library entry point."""
    return load(method_name)(election, options or CountOptions())


def count_totals(totals: Totals, method_name: str, options: CountOptions | None = None) -> Result:
    """Count a scrutineer's return (each candidate's total) by ``method_name`` (fptp or block)."""
    found = method(method_name)
    if not found.totals:
        names = ", ".join(m.name for m in totals_methods())
        raise CountError(f"{found.label} cannot be counted from candidates' totals; only {names} can")
    _check_totals(totals)
    return _import(method_name, found.totals)(totals, options or CountOptions())


def _check_totals(totals: Totals) -> None:
    if len(totals.votes) != len(totals.candidates):
        raise CountError(f"{len(totals.votes)} totals given for {len(totals.candidates)} candidates")
    for name, votes in zip(totals.candidates, totals.votes):
        if not isinstance(votes, int) or isinstance(votes, bool) or not 0 <= votes <= MAX_BALLOTS:
            raise CountError(f"{name}'s total must be a whole number from 0 to {MAX_BALLOTS:,}")


@dataclass(frozen=True)
class Validity:
    valid: int
    invalid: int
    reasons: dict[str, int]  # reason -> papers


def validity(election: Election, method_name: str) -> Validity:
    """How many papers ``method_name`` will count as valid, and why the others are not: the
    same figures its count reports (a property test holds every method to it)."""
    one_first = method(method_name).valid_papers == ONE_FIRST_PREFERENCE
    reasons: dict[str, int] = {}
    valid = 0
    for ballot in election.ballots:
        live = without_withdrawn(ballot.ranking, election.withdrawn)
        if not live:
            why = "no preferences marked" if not ballot.ranking else "only withdrawn candidates marked"
        elif one_first and len(live[0]) > 1:
            why = "equal first preferences"
        else:
            valid += ballot.weight
            continue
        reasons[why] = reasons.get(why, 0) + ballot.weight
    return Validity(valid=valid, invalid=sum(reasons.values()), reasons=reasons)
