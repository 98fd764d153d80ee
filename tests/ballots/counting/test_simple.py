"""First past the post, block vote and alternative vote, worked by hand."""

import pytest
from engine_helpers import conserved, election

from ballots.counting import simple
from ballots.counting.model import CountError, CountOptions


def test_fptp_counts_first_marks_only():
    # A 5+2 = 7, B 4, C 3; "A=B" first is void. One seat: A.
    e = election("ABC", 1, (5, "A B"), (2, "A"), (4, "B A"), (3, "C"), (1, "A=B"))
    r = simple.fptp(e, CountOptions())
    assert r.stages[0].tallies == {"A": "7", "B": "4", "C": "3"}
    assert r.elected == ("A",) and r.valid_votes == "14" and r.parameters["invalid_papers"] == "1"
    assert conserved(r)


def test_fptp_fills_several_places_by_plurality():
    e = election("ABCD", 2, (5, "A"), (4, "B"), (3, "C"), (1, "D"))
    assert simple.fptp(e, CountOptions()).elected == ("A", "B")


def test_a_tie_for_the_last_place_is_drawn_by_lot():
    # A 5; B and C 3 each for the second place.
    e = election("ABC", 2, (5, "A"), (3, "B"), (3, "C"))
    winners = {simple.fptp(e, CountOptions(seed=s)).elected for s in range(12)}
    assert winners == {("A", "B"), ("A", "C")}
    r = simple.fptp(e, CountOptions(seed=1))
    (tie,) = r.tiebreaks
    assert tie.method == "lot" and tie.candidates == ("B", "C")
    assert simple.fptp(e, CountOptions(seed=1)) == r


def test_block_counts_each_of_the_first_n_marks_once():
    # 2 places: each paper counts for its first 2 distinct candidates.
    # "A B C" x4 -> A 4, B 4; "C=D A" x3 -> C 3, D 3 (two marks in one rank); "B" x2 -> B 2.
    # A 4, B 6, C 3, D 3: B and A elected. 9 papers, 4*2 + 3*2 + 2 = 16 votes.
    e = election("ABCD", 2, (4, "A B C"), (3, "C=D A"), (2, "B"))
    r = simple.block(e, CountOptions())
    assert r.stages[0].tallies == {"A": "4", "B": "6", "C": "3", "D": "3"}
    assert r.elected == ("B", "A")
    assert r.valid_votes == "16" and r.parameters["valid_ballots"] == "9"
    assert conserved(r)


def test_block_replaces_the_lowest_men_to_meet_the_gender_minimum():
    # 3 places, at least 2 women (Ann, Bea). Votes: Carl 9, Dan 8, Ann 7, Ed 6, Bea 5.
    # Top 3 = Carl, Dan, Ann: 1 woman. Dan (lowest man in the top 3) gives way to Bea.
    e = election(("Ann", "Bea", "Carl", "Dan", "Ed"), 3, (9, "Carl"), (8, "Dan"), (7, "Ann"), (6, "Ed"), (5, "Bea"))
    r = simple.block(e, CountOptions(min_women=2, women=frozenset({"Ann", "Bea"})))
    assert r.elected == ("Carl", "Ann", "Bea")
    assert any("Bea replaces Dan" in n for n in r.stages[0].notes)


def test_av_elects_on_a_majority_of_votes_still_in_the_count():
    # 21 papers. Stage 1: A 8, B 7, C 6: no majority (needs > 10.5).
    # Stage 2: exclude C: 4 to B, 2 exhaust. B 11 of 19 still in: majority (11 > 9.5).
    e = election("ABC", 1, (8, "A"), (7, "B"), (4, "C B"), (2, "C"))
    r = simple.av(e, CountOptions())
    assert r.stages[0].elected == ()
    assert r.stages[1].excluded == ("C",) and r.stages[1].tallies == {"A": "8", "B": "11", "C": "0"}
    assert r.stages[1].exhausted == "2" and r.elected == ("B",)
    assert conserved(r)


def test_av_breaks_an_exclusion_tie_by_the_most_recent_stage_where_they_differed():
    # Stage 1: A 10, B 4, C 5, D 6: 25 papers, A needs more than 12.5.
    # Stage 2: exclude B: 4 papers "B C" to C: C 9, D 6.
    # Stage 3: exclude D: 6 papers exhaust; A 10 of the 19 still in: 10 > 9.5, elected.
    e = election("ABCD", 1, (10, "A"), (4, "B C"), (5, "C"), (6, "D"))
    r = simple.av(e, CountOptions())
    assert [s.excluded for s in r.stages[1:]] == [("B",), ("D",)] and r.elected == ("A",)
    # Stage 1: A 5, X 3, Y 2, Z 1 (11 papers; A needs more than 5.5).
    # Stage 2: exclude Z: its paper to Y: X 3, Y 3.
    # Stage 3: X and Y tie lowest. Looking back: stage 2 equal; stage 1 X 3, Y 2: Y excluded.
    #   Y's 3 papers exhaust; A 5 of 8 is a majority.
    e = election("AXYZ", 1, (5, "A"), (3, "X"), (2, "Y"), (1, "Z Y"))
    r = simple.av(e, CountOptions())
    assert r.stages[2].excluded == ("Y",) and r.elected == ("A",)
    assert r.tiebreaks[0].method == "earlier stages (backwards)"


def test_av_refuses_more_than_one_place():
    with pytest.raises(CountError, match="one place"):
        simple.av(election("AB", 2, (1, "A")), CountOptions())


def test_av_with_one_woman_needed_excludes_the_men_first():
    e = election(("Ann", "Carl", "Dan"), 1, (2, "Ann"), (5, "Carl Ann"), (4, "Dan"))
    r = simple.av(e, CountOptions(min_women=1, women=frozenset({"Ann"})))
    assert r.stages[1].excluded == ("Carl", "Dan") and r.elected == ("Ann",)
    assert any("Gender quota" in n for n in r.stages[1].notes)


def test_av_does_not_elect_a_man_with_a_first_stage_majority_when_a_woman_is_needed():
    # Found by the property test: Carl's 5 of 7 papers are a majority at stage 1, but the one
    # place must go to a woman; Carl is excluded and his papers pass to Ann.
    e = election(("Ann", "Carl"), 1, (5, "Carl Ann"), (2, "Ann"))
    r = simple.av(e, CountOptions(min_women=1, women=frozenset({"Ann"})))
    assert r.stages[0].elected == () and r.elected == ("Ann",)
    assert r.stages[1].tallies == {"Ann": "7", "Carl": "0"}


def test_a_count_with_no_valid_papers_is_refused():
    # A shared first mark is void for fptp and av; a blank paper is void everywhere.
    cases = [(simple.fptp, "A=B"), (simple.av, "A=B"), (simple.fptp, ""), (simple.block, ""), (simple.av, "")]
    for method, marks in cases:
        with pytest.raises(CountError, match="no valid ballot papers"):
            method(election("AB", 1, (3, marks)), CountOptions())
