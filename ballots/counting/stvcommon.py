"""Small pieces the Scottish, WIGM and Meek modules share: arithmetic, ties, gender quota.

Arithmetic: the shared ``arithmetic`` module (fixed decimals, exact fractions) seen through
``RuleArithmetic``, which names the few operations these rules use. droop's *guarded*
arithmetic, which the shared module does not have, is ``GuardedArithmetic`` at the end (used
only to reproduce droop's guarded reference reports).

Ties: the Scottish Order (49(2), 51(2)) looks back to the most recent stage at which the tied
candidates had unequal votes, then draws lots; WIGM and Meek (droop, PRF reference rules) go
straight to a predetermined random order. A file's droop ``[tie ...]`` option *is* such an
order, so it is used when given; otherwise lots are drawn from ``CountOptions.seed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import genderquota
from .arithmetic import Exact, Fixed
from .model import CountError, CountOptions, Election, Rank, TieBreak
from .tiebreak import BACKWARDS, narrow_by_history
from .tiebreak import TieBreaker as SharedTieBreaker
from .version import ENGINE_VERSION


def continuing_ranking(ranking: Sequence[Rank], withdrawn: frozenset[int]) -> tuple[int, ...]:
    """One candidate per preference, withdrawn candidates skipped.

    A preference shared by two or more candidates (``a=b``) cannot be followed under a Gregory
    rule, so the paper is treated as ending there (non-transferable from that point).
    """
    out: list[int] = []
    for rank in ranking:
        live = [c for c in rank if c not in withdrawn]
        if len(live) > 1:
            break
        out.extend(live)
    return tuple(out)


def count_header(election: Election, seats: int, seed: int, A: Any, valid: int) -> dict[str, Any]:
    return dict(
        title=election.title,
        seats=seats,
        candidates=election.candidates,
        withdrawn=tuple(election.candidates[c] for c in sorted(election.withdrawn)),
        valid_votes=A.fmt(A.from_int(valid)),
        seed=seed,
        input_sha256=election.input_sha256,
        engine_version=ENGINE_VERSION,
    )


class RuleArithmetic:
    """The shared arithmetic (``arithmetic.Fixed`` / ``arithmetic.Exact``) seen through the few
    operations the STV rules name: a product or quotient of two counted values, truncated or
    (where a rule says so) rounded up; ``muldiv`` keeps the full product before dividing."""

    def __init__(self, base: Any):
        self.base = base
        self.exact = isinstance(base, Exact)
        self.zero, self.one = base.zero, base.one
        self.epsilon = base.zero if self.exact else 1  # one unit of the last place

    def from_int(self, n: int) -> Any:
        return self.base.whole(n)

    def mul(self, a: Any, b: Any, up: bool = False) -> Any:
        if up:
            return self.base.round_up(a * b, self.one * self.one)
        return self.base.mul_truncate(a, b, self.one)

    def div(self, a: Any, b: Any, up: bool = False) -> Any:
        return self.base.round_up(a, b) if up else self.base.truncate(a, b)

    def muldiv(self, a: Any, b: Any, c: Any) -> Any:
        return self.base.mul_truncate(a, b, c)

    def sort_key(self, a: Any) -> Any:
        return a

    def fmt(self, a: Any) -> str:
        return self.base.format(a)

    def describe(self) -> str:
        if self.exact:
            return f"exact fractions, shown to {self.base.display_places} places"
        return f"fixed {self.base.places} places, truncated"


def fixed(precision: int) -> RuleArithmetic:
    return RuleArithmetic(Fixed(precision))


def rational(display: int = 12) -> RuleArithmetic:
    return RuleArithmetic(Exact(display))


class TieBreaker:
    """Ties for one count, recorded through the shared ``tiebreak.TieBreaker``."""

    def __init__(self, election: Election, options: CountOptions, names, look_back: bool):
        self.look_back = look_back
        self.seed = options.seed
        self.shared = SharedTieBreaker(options.seed, names)
        self.order = self._tie_order(election)

    @property
    def records(self) -> list[TieBreak]:
        return self.shared.records

    def _tie_order(self, election: Election) -> list[int] | None:
        """droop's ``[tie 3 1 2]`` (candidate numbers from 1): the first listed is chosen."""
        text = election.options.get("tie")
        if not text:
            return None
        try:
            return [int(t) - 1 for t in text.split()]
        except ValueError as exc:
            raise CountError(f"bad [tie] option: {text!r}") from exc

    def choose(self, tied: list[int], purpose: str, history: list[dict[int, Any]], highest: bool, stage: int) -> int:
        """Pick one of ``tied``: the highest (surplus order) or lowest (exclusion)."""
        tied = sorted(tied)
        if len(tied) == 1:
            return tied[0]
        prefer = "highest" if highest else "lowest"
        if self.look_back:
            left, at = narrow_by_history(tied, history, prefer=prefer, direction=BACKWARDS)
            if len(left) == 1:
                self.shared.record(
                    stage, purpose, tied, "earlier stages (backwards)", left[0], f"{prefer} vote at stage {at + 1}"
                )
                return left[0]
            tied = left
        if self.order is not None and all(c in self.order for c in tied):
            chosen = min(tied, key=self.order.index)
            self.shared.record(
                stage, purpose, tied, "file order ([tie] option)", chosen, "the election file's predetermined tie order"
            )
            return chosen
        chosen = self.shared.by_lot(tied)
        self.shared.record(stage, purpose, tied, "lot", chosen, f"drawn with seed {self.seed}")
        return chosen


def highest_first(cands: list[int], votes: dict[int, Any], key, break_tie=None) -> list[int]:
    """``cands`` by votes, highest first. Equal votes are put in order by ``break_tie`` (which
    picks one of a tied group) when the order can matter, else by candidate number."""
    ordered = sorted(cands, key=lambda c: (-key(votes[c]), c))
    if break_tie is None:
        return ordered
    out: list[int] = []
    while ordered:
        group = [c for c in ordered if key(votes[c]) == key(votes[ordered[0]])]
        while len(group) > 1:
            c = break_tie(group)
            out.append(c)
            group.remove(c)
            ordered.remove(c)
        out.append(group[0])
        ordered.remove(group[0])
    return out


def elect_in_vote_order(count: Any, reached: list[int]) -> list[int]:
    """Elect the hopeful candidates in ``reached`` (who have a quota), highest vote first, until
    the places are filled; a man the gender minimum forbids is passed over with a note.

    ``count`` is a rule's count state (Gregory or Meek): it has ``votes``, ``A``, ``gender``,
    ``ties``, ``history``, ``stages``, ``hopeful``, ``elected``, ``notes`` and ``seats_left()``.
    """

    def break_tie(tied: list[int]) -> int:
        return count.ties.choose(tied, "election order", count.history, highest=True, stage=len(count.stages) + 1)

    # Who goes first matters only when the gender minimum may pass someone over.
    ordered = highest_first(reached, count.votes, count.A.sort_key, break_tie if count.gender.active else None)
    chosen = []
    for c in ordered:
        if count.seats_left() <= 0:
            break
        if not count.gender.may_elect(c, count.elected):
            count.notes.append(count.gender.passed_over_note(c, count.elected))
            continue
        count.hopeful.remove(c)
        count.elected.append(c)
        chosen.append(c)
    return chosen


class GenderRule:
    """The shared gender minimum (``genderquota``), with the notes a stage carries."""

    def __init__(self, election: Election, options: CountOptions, seats: int):
        self.names, self.seats = election.candidates, seats
        self.quota = genderquota.from_options(election, options, seats)

    @property
    def active(self) -> bool:
        return self.quota is not None

    def may_elect(self, c: int, elected: list[int]) -> bool:
        return self.quota is None or self.quota.may_elect(c, elected, self.seats)

    def men_to_exclude(self, hopeful: list[int], elected: list[int]) -> list[int]:
        if self.quota is None:
            return []
        return self.quota.must_exclude_men(hopeful, elected, self.seats)

    def excludable(self, hopeful: list[int], elected: list[int]) -> list[int]:
        """Who may be excluded as lowest: not a woman when every continuing woman is needed."""
        if self.quota is None:
            return list(hopeful)
        protected = self.quota.protected_women(hopeful, elected)
        return [c for c in hopeful if c not in protected] or list(hopeful)

    def _left_and_needed(self, elected: list[int]) -> tuple[int, int]:
        return self.seats - len(elected), self.quota.women_needed(elected)

    def passed_over_note(self, c: int, elected: list[int]) -> str:
        return genderquota.note_passed_over(self.names, c, *self._left_and_needed(elected))

    def exclusion_note(self, men: list[int], elected: list[int]) -> str:
        return genderquota.note_men_excluded(self.names, men, *self._left_and_needed(elected))

    def protected_note(self, hopeful: list[int], elected: list[int]) -> str:
        women = self.quota.protected_women(hopeful, elected)
        return genderquota.note_protected(self.names, women, self.quota.women_needed(elected))

    def parameters(self) -> dict[str, str]:
        if self.quota is None:
            return {}
        women = ", ".join(self.names[c] for c in sorted(self.quota.women))
        return {"min_women": str(self.quota.min_women), "women": women}


class _G:
    """A guarded value: an integer count of 10^-(p+g), compared with a tolerance of half a
    unit of the p-th place (droop's "guarded" arithmetic)."""

    __slots__ = ("v",)
    eps = 1

    def __init__(self, v: int):
        self.v = v

    def __add__(self, o):
        return _G(self.v + o.v)

    def __sub__(self, o):
        return _G(self.v - o.v)

    def __neg__(self):
        return _G(-self.v)

    def __mul__(self, n: int):
        return _G(self.v * n)

    def _cmp(self, o) -> int:
        d = self.v - o.v
        return 0 if abs(d) < _G.eps else (1 if d > 0 else -1)

    def __eq__(self, o):
        return self._cmp(o) == 0

    def __ne__(self, o):
        return self._cmp(o) != 0

    def __lt__(self, o):
        return self._cmp(o) < 0

    def __le__(self, o):
        return self._cmp(o) <= 0

    def __gt__(self, o):
        return self._cmp(o) > 0

    def __ge__(self, o):
        return self._cmp(o) >= 0

    __hash__ = None


class GuardedArithmetic:
    """droop's guarded fixed point: p places plus g guard digits, every product and quotient
    truncated at p+g places, values within half a unit of the p-th place treated as equal,
    shown rounded to p places. Not in the shared arithmetic module; kept here for the Meek
    and WIGM variants that reproduce droop's ``guarded-p18-g9`` reports."""

    exact = True  # quasi-exact: the rules treat it like rational arithmetic

    def __init__(self, precision: int = 18, guard: int = 9):
        self.p, self.g = precision, guard
        self.S = 10 ** (precision + guard)
        _G.eps = max(1, 10**guard // 2)
        self.zero, self.one, self.epsilon = _G(0), _G(self.S), _G(0)

    def from_int(self, n: int) -> _G:
        return _G(n * self.S)

    def mul(self, a, b, up=False) -> _G:
        return _G(a.v * b.v // self.S)

    def div(self, a, b, up=False) -> _G:
        return _G(a.v * self.S // b.v)

    def muldiv(self, a, b, c) -> _G:
        return _G(a.v * b.v // c.v)

    def sort_key(self, a) -> int:
        return a.v

    def describe(self) -> str:
        return f"guarded {self.p}+{self.g}"

    def fmt(self, a) -> str:
        unit = 10**self.g
        n = (a.v + unit // 2) // unit
        sign, n = ("-" if n < 0 else ""), abs(n)
        return f"{sign}{n // 10**self.p}.{n % 10**self.p:0{self.p}d}"


def guarded(precision: int = 18, guard: int | None = None) -> GuardedArithmetic:
    return GuardedArithmetic(precision, precision // 2 if guard is None else guard)
