"""Scottish STV, WIGM and Meek on random small elections: what must always hold."""

from __future__ import annotations

from fractions import Fraction

from engine_helpers import conserved
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballots.counting import meek, scottish, wigm
from ballots.counting.model import Ballot, CountOptions, Election

NAMES = ("Ann", "Bea", "Cat", "Dan", "Ed", "Fay")
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RULES = {
    "scottish": scottish.count,
    "wigm": wigm.count,
    "wigm-rational": lambda e, o: wigm.count_with(e, o, variant="rational"),
    "meek": meek.count,
    "meek-guarded": lambda e, o: meek.count_with(e, o, "guarded"),
}

ROUNDED_FOR_DISPLAY = {"wigm-rational": Fraction(1, 10**12), "meek-guarded": Fraction(1, 10**18)}


@st.composite
def elections(draw):
    n = draw(st.integers(min_value=2, max_value=len(NAMES)))
    names = NAMES[:n]
    withdrawn = draw(st.sets(st.integers(0, n - 1), max_size=1))
    standing = n - len(withdrawn)
    seats = draw(st.integers(min_value=1, max_value=max(1, min(3, standing))))
    rankings = st.permutations(range(n)).flatmap(
        lambda order: st.integers(1, n).map(lambda k: tuple((c,) for c in order[:k]))
    )
    ballots = draw(st.lists(st.tuples(st.integers(1, 20), rankings), min_size=1, max_size=10))
    women = draw(st.sets(st.sampled_from([names[i] for i in range(n) if i not in withdrawn])))
    min_women = draw(st.integers(min_value=0, max_value=min(seats, len(women))))
    election = Election("prop", names, seats, tuple(Ballot(w, r) for w, r in ballots), withdrawn=frozenset(withdrawn))
    options = CountOptions(min_women=min_women, women=frozenset(women), seed=draw(st.integers(0, 2**16)))
    return election, options


@SETTINGS
@given(elections(), st.sampled_from(sorted(RULES)))
def test_value_is_conserved_places_are_filled_and_the_gender_minimum_is_met(case, rule):
    election, options = case
    result = RULES[rule](election, options)
    # Exact and guarded figures are shown rounded (to 12 and 18 places), so their sum may
    # be off by the rounding of each figure; fixed-point figures add up exactly.
    if rule in ROUNDED_FOR_DISPLAY:
        assert conserved_within(result, ROUNDED_FOR_DISPLAY[rule])
    else:
        assert conserved(result)
    assert len(result.elected) == len(set(result.elected)) == election.seats
    assert not set(result.elected) & {election.candidates[c] for c in election.withdrawn}
    assert len(set(result.elected) & options.women) >= options.min_women
    assert RULES[rule](election, options) == result  # same input and seed, same result


def conserved_within(result, unit):
    valid = Fraction(result.valid_votes)
    for s in result.stages:
        figures = [*s.tallies.values(), s.exhausted, s.loss]
        total = sum(Fraction(v) for v in figures)
        assert abs(total - valid) <= unit * len(figures), s.number
    return True
