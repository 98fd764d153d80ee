"""Properties that must hold for any election: checked on random small elections."""

import pytest
from engine_helpers import conserved
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballots.counting import ers97, simple
from ballots.counting.model import Ballot, CountError, CountOptions, Election

NAMES = ("Ann", "Bea", "Cat", "Dan", "Ed", "Fay", "Gus")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw, max_seats=4, equal_ranks=False):
    n = draw(st.integers(min_value=2, max_value=len(NAMES)))
    names = NAMES[:n]
    seats = draw(st.integers(min_value=1, max_value=min(max_seats, n)))
    ballots = draw(st.lists(st.tuples(st.integers(1, 30), _rankings(n, equal_ranks)), min_size=1, max_size=12))
    withdrawn = draw(st.sets(st.integers(0, n - 1), max_size=n - 1)) if equal_ranks else set()
    election = Election("prop", names, seats, tuple(Ballot(w, r) for w, r in ballots), withdrawn=frozenset(withdrawn))
    women = draw(st.sets(st.sampled_from(names)))
    standing_women = {w for w in women if names.index(w) not in withdrawn}
    min_women = draw(st.integers(min_value=0, max_value=min(seats, len(standing_women))))
    seed = draw(st.integers(min_value=0, max_value=2**16))
    return election, CountOptions(min_women=min_women, women=frozenset(women), seed=seed)


def _rankings(n, equal_ranks):
    """Prefixes of a permutation; with ``equal_ranks`` some neighbours share a rank (A=B)."""

    def build(order, k, cuts):
        ranks, rank = [], []
        for i, c in enumerate(order[:k]):
            rank.append(c)
            if not (equal_ranks and i in cuts):
                ranks.append(tuple(rank))
                rank = []
        if rank:
            ranks.append(tuple(rank))
        return tuple(ranks)

    return st.builds(build, st.permutations(range(n)), st.integers(1, n), st.sets(st.integers(0, n - 1), max_size=2))


def _has_valid_paper(election):
    for b in election.ballots:
        live = [tuple(c for c in r if c not in election.withdrawn) for r in b.ranking]
        live = [r for r in live if r]
        if live and len(live[0]) == 1:
            return True
    return False


def _excluded(result):
    return {n for s in result.stages for n in s.excluded}


def _check_common(result, election, options, expect):
    standing = len(election.candidates) - len(election.withdrawn)
    assert len(result.elected) == len(set(result.elected)) == min(expect, standing)
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


@SETTINGS
@given(elections(equal_ranks=True))
def test_ers97_with_withdrawn_candidates_and_equal_ranks(case):
    election, options = case
    if not _has_valid_paper(election):
        with pytest.raises(CountError, match="no valid ballot papers"):
            ers97.count(election, options)
        return
    result = ers97.count(election, options)
    assert conserved(result)
    _check_common(result, election, options, election.seats)
    assert set(result.candidates).isdisjoint(result.withdrawn)


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
