"""WIGM on small elections worked by hand (the working is in the comments)."""

from __future__ import annotations

import pytest

from ballots.counting import wigm
from ballots.counting.model import Ballot, CountError, CountOptions, Election

CANDIDATES = ("A", "B", "C")


def election(lines, seats=2, candidates=CANDIDATES):
    index = {c: i for i, c in enumerate(candidates)}
    ballots = tuple(Ballot(w, tuple((index[c],) for c in prefs.split())) for w, prefs in lines)
    return Election("hand", candidates, seats, ballots)


# 15 ballots, 2 seats: A 8 (6 x AB, 2 x AC), B 3, C 4.
HAND = [(6, "A B"), (2, "A C"), (3, "B"), (4, "C")]


def test_prf_truncates_each_product_and_quotient_to_four_places():
    # Quota = 15 / 3 + 0.0001 = 5.0001. A (8) is elected; surplus 8 - 5.0001 = 2.9999.
    # New weight = (1 x 2.9999) / 8 = 0.374987.. -> 0.3749. B: 3 + 6 x 0.3749 = 5.2494
    # (elected, the seats are filled); C: 4 + 2 x 0.3749 = 4.7498. A keeps the quota.
    # Residual lost to truncation: 15 - (5.0001 + 5.2494 + 4.7498) = 0.0007.
    r = wigm.count(election(HAND), CountOptions())
    assert r.quota == "5.0001" and r.method == "wigm"
    s2 = r.stages[1]
    assert dict(s2.tallies) == {"A": "5.0001", "B": "5.2494", "C": "4.7498"}
    assert (s2.exhausted, s2.loss) == ("0.0000", "0.0007")
    assert s2.elected == ("B",)
    assert r.elected == ("A", "B") and len(r.stages) == 2


def test_rational_is_exact_and_needs_more_than_the_quota():
    # Quota exactly 15 / 3 = 5; surplus 3, weight 3/8: B 3 + 6 x 3/8 = 5.25, C 4.75.
    r = wigm.count_with(election(HAND), CountOptions(), variant="rational")
    assert r.quota == "5.000000000000"
    assert dict(r.stages[1].tallies) == {"A": "5.000000000000", "B": "5.250000000000", "C": "4.750000000000"}
    assert r.stages[1].loss == "0.000000000000"


def test_a_candidate_exactly_on_the_exact_quota_is_not_elected():
    # Rational: 6 ballots, 2 seats, quota exactly 6 / 3 = 2. B (3) is elected; A has exactly
    # 2, not more, so is not. B's surplus 1 goes nowhere ("B" only: exhausted 1). C (1) is
    # excluded next and its ballot gives A 3, more than the quota: elected.
    lines = [(2, "A"), (3, "B"), (1, "C A")]
    r = wigm.count_with(election(lines), CountOptions(), variant="rational")
    assert r.stages[0].elected == ("B",)
    assert r.stages[1].exhausted == "1.000000000000"
    assert r.stages[2].excluded == ("C",) and r.stages[2].elected == ("A",)
    assert r.elected == ("B", "A")


def test_ties_for_exclusion_use_the_file_tie_order_when_given():
    # 5 ballots, 2 seats: quota 5 / 3 + 0.0001 = 1.6667. A (3) is elected; its surplus
    # exhausts. B and C tie on 1: the [tie 3 2 1] order puts C first, so C is excluded
    # and B fills the last place.
    e = election([(3, "A"), (1, "B"), (1, "C")])
    e = Election(e.title, e.candidates, 2, e.ballots, options={"tie": "3 2 1"})
    r = wigm.count(e, CountOptions())
    (tie,) = r.tiebreaks
    assert (tie.chosen, tie.purpose) == ("C", "exclusion")
    assert tie.method.startswith("file order")
    assert r.elected == ("A", "B")


def test_the_same_seed_gives_the_same_result():
    e = election([(3, "A"), (1, "B"), (1, "C")], seats=1)
    assert wigm.count(e, CountOptions(seed=3)) == wigm.count(e, CountOptions(seed=3))


def test_gender_quota_passes_over_a_man_and_excludes_the_men():
    # 1 seat, at least 1 woman (C): quota 15 / 2 + 0.0001 = 7.5001. A has 8 but the only
    # place is needed for a woman: passed over. A and B are then excluded together; A's
    # 2 x AC ballots give C 4 + 2 = 6, the rest exhaust; C, the only one left, is elected.
    r = wigm.count(election(HAND, seats=1), CountOptions(min_women=1, women=frozenset({"C"})))
    assert any("passed over" in n for n in r.stages[0].notes)
    assert r.stages[1].excluded == ("A", "B")
    assert r.stages[1].tallies["C"] == "6.0000"
    assert r.elected == ("C",)


def test_it_refuses_an_unknown_variant():
    with pytest.raises(CountError):
        wigm.count_with(election(HAND), CountOptions(), variant="float")
