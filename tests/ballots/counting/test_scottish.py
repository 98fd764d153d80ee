"""Scottish STV on small elections worked by hand (the working is in the comments)."""

from __future__ import annotations

import pytest

from ballots.counting import scottish
from ballots.counting.model import Ballot, CountError, CountOptions, Election


def election(candidates, seats, lines, withdrawn=()):
    """``lines``: (weight, "A B C") with candidates named by their letters."""
    index = {c: i for i, c in enumerate(candidates)}
    ballots = tuple(
        Ballot(w, tuple(tuple(index[c] for c in rank.split("=")) for rank in prefs.split())) for w, prefs in lines
    )
    return Election("hand", tuple(candidates), seats, ballots, withdrawn=frozenset(index[c] for c in withdrawn))


def test_it_transfers_a_surplus_at_a_truncated_transfer_value_and_shows_the_loss():
    # 5 papers, 2 seats: quota = floor(5 / 3) + 1 = 2. A has 3 (2 x AB, 1 x AC): elected.
    # Surplus 1; transfer value = 1 x 1 / 3 = 0.33333 (remainder ignored).
    # B: 1 + 2 x 0.33333 = 1.66666; C: 1 + 0.33333 = 1.33333; A keeps 2.00000.
    # Loss: 1 - 0.99999 = 0.00001. Then C (lowest) is excluded: both C papers have no further
    # preference, so exhausted = 1 + 0.33333 = 1.33333, and B, the last continuing, is elected.
    e = election("ABC", 2, [(2, "A B"), (1, "A C"), (1, "B"), (1, "C")])
    r = scottish.count(e, CountOptions())
    assert r.quota == "2.00000" and r.valid_votes == "5.00000"
    s1, s2, s3 = r.stages
    assert s1.elected == ("A",)
    assert dict(s2.tallies) == {"A": "2.00000", "B": "1.66666", "C": "1.33333"}
    assert (s2.exhausted, s2.loss) == ("0.00000", "0.00001")
    assert s2.transfers == {"A": "-1.00000", "B": "0.66666", "C": "0.33333"}
    assert s3.excluded == ("C",) and s3.elected == ("B",)
    assert (s3.exhausted, s3.loss) == ("1.33333", "0.00001")
    assert r.elected == ("A", "B") and r.method == "scottish"


def test_it_passes_on_a_papers_present_value_when_its_holder_is_excluded():
    # 19 papers, 2 seats: quota = floor(19 / 3) + 1 = 7. A = 10: elected, surplus 3,
    # transfer value 3 / 10 = 0.30000: B 4 + 7 x 0.3 = 6.10000, C 5 + 2 x 0.3 = 5.60000,
    # the A-only paper is non-transferable at 0.30000. C is then excluded: its 5 first
    # preferences and the 2 papers from A (at 0.30000) have nothing further: 5.60000 more
    # exhausted (5.90000 in all). B is elected as the last continuing candidate.
    e = election("ABC", 2, [(7, "A B"), (2, "A C"), (1, "A"), (4, "B"), (5, "C")])
    r = scottish.count(e, CountOptions())
    assert r.quota == "7.00000"
    assert dict(r.stages[1].tallies) == {"A": "7.00000", "B": "6.10000", "C": "5.60000"}
    assert r.stages[1].exhausted == "0.30000"
    assert r.stages[2].exhausted == "5.90000" and r.stages[2].tallies["C"] == "0.00000"
    assert r.elected == ("A", "B")


def test_equal_surpluses_go_in_the_order_of_the_most_recent_stage_at_which_they_differed():
    # 20 papers, 4 seats: quota = floor(20 / 5) + 1 = 5. Stage 1: X 10, A 6, B 4, C 0, D 0.
    # X and A elected; X's surplus (5) is the larger: transfer value 5 / 10 = 0.5, so B gets
    # 4 x 0.5 = 2 (B = 6, elected) and 6 X-only papers exhaust 3.00000 (stage 2).
    # A and B now both hold 6 (surplus 1 each): at stage 1 A had 6 and B 4, so A goes first
    # (rule 49(2)). Stage 3: A's 6 papers at 1/6 = 0.16666 give C 0.99996 (loss 0.00004).
    # Stage 4: B's own 4 papers at 0.16666 give C 0.66664; the 4 from X (value 0.5) go at
    # 0.5 x 1 / 6 = 0.08333 to no one: exhausted 3.33332, loss 0.00008 in all, C 1.66660.
    # Stage 5: D (0) excluded; C fills the last seat.
    e = election("XABCD", 4, [(4, "X B"), (6, "X"), (6, "A C"), (4, "B C")])
    r = scottish.count(e, CountOptions())
    assert [s.action.split(" (")[0] for s in r.stages[1:4]] == ["Surplus of X", "Surplus of A", "Surplus of B"]
    (tie,) = r.tiebreaks
    assert (tie.purpose, tie.candidates, tie.chosen) == ("surplus order", ("A", "B"), "A")
    assert tie.method == "earlier stages (backwards)"
    assert r.stages[2].tallies["C"] == "0.99996" and r.stages[2].loss == "0.00004"
    assert r.stages[3].tallies["C"] == "1.66660"
    assert (r.stages[3].exhausted, r.stages[3].loss) == ("3.33332", "0.00008")
    assert r.stages[4].excluded == ("D",)
    assert r.elected == ("X", "A", "B", "C")


def test_a_candidate_exactly_on_the_quota_has_no_surplus_stage():
    # 6 papers, 2 seats: quota 3. A has exactly 3: elected with nothing to transfer (48(1):
    # only votes that *exceed* the quota), so the next stage excludes C (1) at once.
    e = election("ABC", 2, [(3, "A C"), (2, "B"), (1, "C B")])
    r = scottish.count(e, CountOptions())
    assert r.stages[1].excluded == ("C",)
    assert r.elected == ("A", "B")


def test_withdrawn_candidates_are_skipped_and_papers_for_no_one_are_not_valid():
    # W withdrawn: 3 x "W A" count for A. The "W" paper names no one standing: not valid.
    # Valid 3 + 2 + 1 = 6 (the "A=B" paper cannot be read: equal first preferences).
    e = election("WAB", 1, [(3, "W A"), (1, "W"), (2, "B"), (1, "A=B"), (1, "B A")], withdrawn="W")
    r = scottish.count(e, CountOptions())
    assert r.valid_votes == "6.00000" and r.withdrawn == ("W",)
    assert dict(r.stages[0].tallies) == {"A": "3.00000", "B": "3.00000"}


def test_a_man_is_excluded_when_the_places_left_are_needed_for_women():
    # 12 papers, 2 seats, at least 1 woman (W): quota = floor(12 / 3) + 1 = 5. M1 has exactly
    # 5: elected. One place left and one woman needed, so M2 is excluded though he leads W
    # (4 to 3); his 4 papers go to W (7), who is elected.
    e = election(["M1", "M2", "W"], 2, [])
    e = election_from(e, [(5, ["M1"]), (4, ["M2", "W"]), (3, ["W"])])
    r = scottish.count(e, CountOptions(min_women=1, women=frozenset({"W"})))
    assert r.elected == ("M1", "W")
    assert r.stages[1].excluded == ("M2",) and r.stages[1].elected == ("W",)
    assert any("Gender quota" in n for n in r.stages[1].notes)
    assert r.parameters["min_women"] == "1"
    plain = scottish.count(e, CountOptions())
    assert plain.elected == ("M1", "M2")


def test_a_man_reaching_the_quota_is_passed_over_when_the_place_is_needed_for_a_woman():
    # 10 papers, 1 seat, 1 woman needed: quota 6. M has 6 but may not take the only place;
    # he is excluded and W, the only one left, is elected.
    e = election_from(election(["M", "W"], 1, []), [(6, ["M"]), (4, ["W"])])
    r = scottish.count(e, CountOptions(min_women=1, women=frozenset({"W"})))
    assert r.elected == ("W",)
    assert any("passed over" in n for n in r.stages[0].notes)


def test_a_tie_at_every_stage_is_drawn_by_lot_the_same_way_for_the_same_seed():
    e = election("ABCD", 1, [(3, "A"), (1, "B"), (1, "C"), (1, "D")])
    first = scottish.count(e, CountOptions(seed=7))
    again = scottish.count(e, CountOptions(seed=7))
    assert first == again
    assert first.tiebreaks[0].method == "lot" and first.seed == 7


def test_it_refuses_more_seats_than_candidates():
    with pytest.raises(CountError):
        scottish.count(election("AB", 3, [(1, "A")]), CountOptions())


def election_from(e, lines):
    index = {c: i for i, c in enumerate(e.candidates)}
    ballots = tuple(Ballot(w, tuple((index[c],) for c in prefs)) for w, prefs in lines)
    return Election(e.title, e.candidates, e.seats, ballots)


def test_men_equal_on_the_quota_go_in_an_order_drawn_by_lot_when_only_one_may_be_elected():
    # 10 papers, 2 seats, at least 1 woman (W): quota = floor(10 / 3) + 1 = 4. M1 and M2 both
    # have exactly 4; only one man may take a place, so their order is drawn by lot: the one
    # drawn is elected, the other passed over and then excluded; W fills the other place.
    e = election_from(election(["M1", "M2", "W"], 2, []), [(4, ["M1"]), (4, ["M2"]), (2, ["W"])])
    r = scottish.count(e, CountOptions(min_women=1, women=frozenset({"W"}), seed=5))
    (tie,) = r.tiebreaks
    assert (tie.purpose, tie.method, tie.candidates) == ("election order", "lot", ("M1", "M2"))
    assert r.elected == (tie.chosen, "W")


def test_the_last_woman_needed_is_not_excluded_the_lowest_man_goes_instead():
    # 22 papers, 3 seats, at least 1 woman (W): quota = floor(22 / 4) + 1 = 6. M1 (10) is
    # elected; his surplus has nowhere to go (stage 2). W (3) is lowest but the only woman
    # left, so M3 (4) is excluded instead (stage 3, with a note); M2 and W then fill the
    # two places left.
    e = election_from(election(["M1", "M2", "M3", "W"], 3, []), [(10, ["M1"]), (5, ["M2"]), (4, ["M3"]), (3, ["W"])])
    r = scottish.count(e, CountOptions(min_women=1, women=frozenset({"W"})))
    assert r.stages[2].excluded == ("M3",)
    assert any("cannot be excluded" in n for n in r.stages[2].notes)
    assert not any("cannot be excluded" in n for s in r.stages[:2] for n in s.notes)
    assert set(r.elected) == {"M1", "M2", "W"}
