"""The gender minimum inside a count: at least K women among those elected.

The rule (DOMAIN.md): when the number of women still needed equals the number of places left,
the remaining men cannot be elected; they are excluded (or passed over) and their votes
transfer on. Two guards keep the minimum reachable at every point of a count, so that a breach
is impossible rather than a judgement call on the night:

- a man may be deemed elected only while the places left after him still cover the women
  needed (``may_elect``); otherwise he is passed over;
- while the continuing women are no more than the women still needed, none of them may be
  excluded (``protected_women``): the exclusion passes to the lowest man instead.

Candidates are numbers here; names appear only in the notes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .model import CountError, CountOptions, Election


@dataclass(frozen=True)
class GenderQuota:
    min_women: int
    women: frozenset[int]

    def women_needed(self, elected: Collection[int]) -> int:
        have = sum(1 for c in elected if c in self.women)
        return max(0, self.min_women - have)

    def places_left(self, elected: Collection[int], seats: int) -> int:
        return seats - len(elected)

    def must_exclude_men(self, continuing: Collection[int], elected: Collection[int], seats: int) -> list[int]:
        """Continuing men who can no longer be elected: places left equal women needed."""
        needed = self.women_needed(elected)
        if needed == 0 or needed < self.places_left(elected, seats):
            return []
        return sorted(c for c in continuing if c not in self.women)

    def may_elect(self, candidate: int, elected: Collection[int], seats: int) -> bool:
        """Whether deeming ``candidate`` elected now leaves room for the women still needed."""
        if candidate in self.women:
            return True
        return self.places_left(elected, seats) - 1 >= self.women_needed(elected)

    def protected_women(self, continuing: Collection[int], elected: Collection[int]) -> frozenset[int]:
        """Continuing women who may not be excluded, because every one of them is needed."""
        needed = self.women_needed(elected)
        women_left = [c for c in continuing if c in self.women]
        if needed and len(women_left) <= needed:
            return frozenset(women_left)
        return frozenset()

    def spare_women(self, continuing: Collection[int], elected: Collection[int]) -> int:
        """How many continuing women could be excluded and still leave enough."""
        women_left = sum(1 for c in continuing if c in self.women)
        return women_left - self.women_needed(elected)

    def feasible(self, continuing: Collection[int], elected: Collection[int], seats: int) -> bool:
        """Whether the minimum can still be met from here."""
        needed = self.women_needed(elected)
        women_left = sum(1 for c in continuing if c in self.women)
        return women_left >= needed and self.places_left(elected, seats) >= needed


def _places(n: int) -> str:
    return f"{n} place{'' if n == 1 else 's'}"


def _women(n: int) -> str:
    return f"{n} more {'woman' if n == 1 else 'women'}"


def note_men_excluded(names: Sequence[str], men: Sequence[int], places_left: int, needed: int) -> str:
    listed = ", ".join(names[c] for c in men)
    return (
        f"Gender quota: {_places(places_left)} left and {_women(needed)} needed, so no "
        f"man can now be elected; {listed} excluded and their papers transferred."
    )


def note_passed_over(names: Sequence[str], man: int, places_left: int, needed: int) -> str:
    return (
        f"Gender quota: {names[man]} reached the threshold but is passed over: "
        f"{_places(places_left)} left and {_women(needed)} needed."
    )


def note_protected(names: Sequence[str], women: Collection[int], needed: int) -> str:
    listed = ", ".join(names[c] for c in sorted(women))
    return (
        f"Gender quota: {listed} cannot be excluded, since {_women(needed)} "
        f"{'is' if needed == 1 else 'are'} needed "
        "and no other women continue; the lowest man is excluded instead."
    )


def from_options(election: Election, options: CountOptions, seats: int) -> GenderQuota | None:
    """Build the quota from options, refusing settings that could never be met."""
    if options.min_women <= 0:
        return None
    index = {name: i for i, name in enumerate(election.candidates)}
    unknown = sorted(n for n in options.women if n not in index)
    if unknown:
        raise CountError(f"unknown candidate(s) named as women: {', '.join(unknown)}")
    women = frozenset(index[n] for n in options.women) - election.withdrawn
    if options.min_women > seats:
        raise CountError(f"the gender minimum ({options.min_women}) exceeds the seats ({seats})")
    if len(women) < options.min_women:
        raise CountError(f"the gender minimum ({options.min_women}) cannot be met: only {len(women)} women stand")
    return GenderQuota(options.min_women, women)


class Gender:
    """The gender minimum as one count sees it: the quota (or none), the seats, the names for
    the notes. False when the count has no minimum, so rules can write ``if self.gender``."""

    def __init__(self, election: Election, options: CountOptions, seats: int) -> None:
        self.names, self.seats = election.candidates, seats
        self.quota = from_options(election, options, seats)
        self.women = self.quota.women if self.quota else frozenset()
        self.min_women = self.quota.min_women if self.quota else 0

    def __bool__(self) -> bool:
        return self.quota is not None

    def women_needed(self, elected: Collection[int]) -> int:
        return self.quota.women_needed(elected) if self.quota else 0

    def may_elect(self, c: int, elected: Collection[int]) -> bool:
        return self.quota is None or self.quota.may_elect(c, elected, self.seats)

    def men_to_exclude(self, continuing: Collection[int], elected: Collection[int]) -> list[int]:
        return self.quota.must_exclude_men(continuing, elected, self.seats) if self.quota else []

    def protected(self, continuing: Collection[int], elected: Collection[int]) -> frozenset[int]:
        return self.quota.protected_women(continuing, elected) if self.quota else frozenset()

    def excludable(self, continuing: Collection[int], elected: Collection[int]) -> list[int]:
        """Who may be excluded as lowest: not a woman when every continuing woman is needed."""
        protected = self.protected(continuing, elected)
        return [c for c in continuing if c not in protected] or list(continuing)

    def spare_women(self, continuing: Collection[int], elected: Collection[int]) -> int:
        return self.quota.spare_women(continuing, elected)

    def _left_and_needed(self, elected: Collection[int]) -> tuple[int, int]:
        return self.seats - len(elected), self.women_needed(elected)

    def passed_over_note(self, c: int, elected: Collection[int]) -> str:
        return note_passed_over(self.names, c, *self._left_and_needed(elected))

    def exclusion_note(self, men: Sequence[int], elected: Collection[int]) -> str:
        return note_men_excluded(self.names, men, *self._left_and_needed(elected))

    def protected_note(self, continuing: Collection[int], elected: Collection[int]) -> str:
        return note_protected(self.names, self.protected(continuing, elected), self.women_needed(elected))

    def parameters(self) -> dict[str, str]:
        if self.quota is None:
            return {}
        return {"min_women": str(self.min_women), "women": ", ".join(self.names[c] for c in sorted(self.women))}
