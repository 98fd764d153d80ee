"""Properties that must hold for any election: checked on random small elections."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballots.counting import ers97, simple
from ballots.counting.model import Ballot, CountOptions, Election
from engine_helpers import conserved

NAMES = ("Ann", "Bea", "Cat", "Dan", "Ed", "Fay", "Gus")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw, max_seats=4):
    n = draw(st.integers(min_value=2, max_value=len(NAMES)))
    names = NAMES[:n]
    seats = draw(st.integers(min_value=1, max_value=min(max_seats, n)))
    rankings = st.permutations(range(n)).flatmap(
        lambda order: st.integers(min_value=1, max_value=n).map(lambda k: tuple((c,) for c in order[:k]))
    )
    ballots = draw(st.lists(st.tuples(st.integers(1, 30), rankings), min_size=1, max_size=12))
    election = Election("prop", names, seats, tuple(Ballot(w, r) for w, r in ballots))
    women = draw(st.sets(st.sampled_from(names)))
    min_women = draw(st.integers(min_value=0, max_value=min(seats, len(women))))
    seed = draw(st.integers(min_value=0, max_value=2**16))
    return election, CountOptions(min_women=min_women, women=frozenset(women), seed=seed)


def _excluded(result):
    return {n for s in result.stages for n in s.excluded}


def _check_common(result, election, options, expect):
    assert len(result.elected) == len(set(result.elected)) == expect
    assert not _excluded(result) & set(result.elected)
    if options.min_women:
        assert len(set(result.elected) & options.women) >= options.min_women


@SETTINGS
@given(elections())
def test_ers97_conserves_value_fills_every_place_and_meets_the_gender_minimum(case):
    election, options = case
    result = ers97.count(election, options)
    assert conserved(result)
    _check_common(result, election, options, election.seats)
    assert ers97.count(election, options) == result  # deterministic


@settings(max_examples=100, deadline=None)
@given(elections())
def test_fptp_and_block_fill_every_place_and_meet_the_gender_minimum(case):
    election, options = case
    for method in (simple.fptp, simple.block):
        result = method(election, options)
        assert conserved(result)
        _check_common(result, election, options, election.seats)


@settings(max_examples=100, deadline=None)
@given(elections(max_seats=1))
def test_av_elects_one_and_conserves_value(case):
    election, options = case
    result = simple.av(election, options)
    assert conserved(result)
    _check_common(result, election, options, 1)
