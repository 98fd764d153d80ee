"""Meek on small elections worked by hand (the working is in the comments)."""

from __future__ import annotations

import pytest

from ballots.counting import meek
from ballots.counting.model import Ballot, CountError, CountOptions, Election


def election(lines, seats=2, candidates=("A", "B", "C")):
    index = {c: i for i, c in enumerate(candidates)}
    ballots = tuple(
        Ballot(w, tuple(tuple(index[c] for c in rank.split("=")) for rank in prefs.split())) for w, prefs in lines
    )
    return Election("hand", candidates, seats, ballots)


# 12 ballots, 2 seats: A 6 (4 x A alone, 2 x AB), B 3, C 3.
SHRINK = [(4, "A"), (2, "A B"), (3, "B"), (3, "C")]


def test_rational_keep_factor_and_shrinking_quota():
    # Quota 12 / 3 = 4; A (6) is elected at once (stage 2).
    # Next round, iteration 1: kf(A) = 1, votes as before, surplus 2; kf(A) = 4 / 6 = 2/3.
    # Iteration 2: A keeps 6 x 2/3 = 4; the 4 "A" ballots exhaust 4 x 1/3 = 4/3; the 2 "AB"
    # ballots give B 2/3: B = 11/3. Active votes 12 - 4/3 = 32/3, quota 32/9 = 3.5555...
    # B (3.6666...) is above it: elected, and the seats are filled; C is defeated.
    r = meek.count_with(election(SHRINK), CountOptions(), "rational")
    s1, s2, s3 = r.stages
    assert s1.quota == "4.000000000000" and s2.elected == ("A",)
    assert dict(s3.tallies) == {"A": "4.000000000000", "B": "3.666666666667", "C": "3.000000000000"}
    assert s3.quota == "3.555555555556" and s3.exhausted == "1.333333333333"
    assert s3.elected == ("B",) and s3.excluded == ("C",)
    assert r.elected == ("A", "B") and r.method == "meek"


def test_prf_rounds_keeps_up_to_nine_places():
    # Quota = 12 / 3 + 0.000000001 = 4.000000001. A elected (stage 2).
    # Iteration 1: surplus 6 - 4.000000001 = 1.999999999; kf(A) = (1 x 4.000000001 rounded
    # up) / 6 rounded up = 0.666666667. Iteration 2: each A ballot keeps 0.666666667 for A
    # (6 x = 4.000000002) and passes on 0.333333333: 4 x exhaust 1.333333332, 2 x give B
    # 0.666666666 (B 3.666666666). Votes 4.000000002 + 3.666666666 + 3 = 10.666666668;
    # quota = 10.666666668 / 3 truncated (3.555555556) + 0.000000001 = 3.555555557. B elected.
    r = meek.count(election(SHRINK), CountOptions())
    s3 = r.stages[2]
    assert dict(s3.tallies) == {"A": "4.000000002", "B": "3.666666666", "C": "3.000000000"}
    assert s3.quota == "3.555555557" and s3.exhausted == "1.333333332"
    assert s3.loss == "0.000000000"
    assert any(n == "keep factor A 0.666666667" for n in s3.notes)
    assert r.parameters["variant"] == "prf"
    assert "0.000001000" in r.parameters["tolerance"]
    assert "omega 0.000001000" in s3.action


def test_equal_preferences_share_the_ballot_equally():
    # 2 x "A=B C": each of A and B receives 1 (half of each ballot) in the first stage.
    e = election([(2, "A=B C"), (3, "C")])
    r = meek.count_with(e, CountOptions(), "rational")
    assert dict(r.stages[0].tallies) == {"A": "1.000000000000", "B": "1.000000000000", "C": "3.000000000000"}


def test_lowest_is_defeated_when_the_surplus_is_below_omega():
    # 1 seat: quota 7 / 2 = 3.5 (rational). A 3, B 2, C 2 x "C A": no one elected; surplus 0
    # (< omega): defeat the lowest. B and C tie (2): [tie 2 3] puts B first. B's ballots have
    # no further preference; C and A remain: next round A 3, C 2, quota (5) / 2 = 2.5: A is
    # elected (3 > 2.5).
    e = election([(3, "A"), (2, "B"), (2, "C A")], seats=1)
    e = Election(e.title, e.candidates, 1, e.ballots, options={"tie": "2 3"})
    r = meek.count_with(e, CountOptions(), "rational")
    assert r.stages[1].excluded == ("B",) and r.tiebreaks[0].chosen == "B"
    assert r.stages[2].quota == "2.500000000000"
    assert r.elected == ("A",)


def test_gender_quota_excludes_the_men_when_the_places_left_are_needed():
    # 2 seats, at least 1 woman (C). A is elected first; then 1 place is left and 1 woman is
    # needed, so B is excluded (though B would be elected next) and C fills the place.
    r = meek.count(election(SHRINK), CountOptions(min_women=1, women=frozenset({"C"})))
    assert r.elected == ("A", "C")
    excluded = [s for s in r.stages if "B" in s.excluded][0]
    assert any("Gender quota" in n for n in excluded.notes)


def test_same_input_and_seed_give_the_same_result():
    e = election([(3, "A"), (2, "B"), (2, "C")], seats=1)
    assert meek.count(e, CountOptions(seed=11)) == meek.count(e, CountOptions(seed=11))


def test_it_refuses_an_unknown_variant():
    with pytest.raises(CountError):
        meek.count_with(election(SHRINK), CountOptions(), "float")
