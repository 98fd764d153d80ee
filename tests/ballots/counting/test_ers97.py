"""ERS97, clause by clause, on small elections worked by hand.

Every expected figure below was worked out by hand from the rule text (the working is in the
comments); none was copied from the engine's output. Votes are in hundredths under ERS97.
"""

from engine_helpers import conserved, election

from ballots.counting import ers97
from ballots.counting.model import Ballot, CountOptions, Election


def run(e, **options):
    result = ers97.count(e, CountOptions(**options))
    assert conserved(result)
    return result


def stage(result, number, substage=0):
    (found,) = [s for s in result.stages if s.number == number and s.substage == substage]
    return found


# -- 5.1.6 quota -------------------------------------------------------------------------------
def test_quota_is_taken_to_two_places_and_rounded_up():
    # 129,549 / 10 = 12954.9 exactly: "if the result is exact that is the quota" -> 12954.90.
    assert ers97.quota_for(12954900, 9) == 1295490
    # 100 / 3 = 33.333..: remainder ignored (33.33) and 0.01 added -> 33.34.
    assert ers97.quota_for(10000, 2) == 3334
    # 753 / 7 = 107.5714.. -> 107.58
    assert ers97.quota_for(75300, 6) == 10758


def test_the_2020_clp_section_quota():
    # Ten candidates, 9 seats, 129,549 valid papers (weights chosen to sum to that figure).
    names = [f"C{i}" for i in range(10)]
    weights = [14000, 13900, 13800, 13700, 13600, 13500, 13400, 13300, 13200, 7149]
    assert sum(weights) == 129549
    e = Election("NEC", tuple(names), 9, tuple(Ballot(w, ((i,),)) for i, w in enumerate(weights)))
    result = run(e)
    assert result.valid_votes == "129549.00"
    assert result.quota == "12954.90"
    # Every candidate but C9 has at least 12954.90 at stage 1.
    assert result.stages[0].elected == tuple(names[:9])


# -- 5.3 surplus from the first stage: all papers, transfer value truncated -------------------------
def test_a_first_stage_surplus_is_shared_over_all_transferable_papers():
    # 200 papers, 2 seats: quota 200/3 = 66.666.. -> 66.67.
    # Stage 1: A 90 (elected, surplus 23.33), B 45, C 40, D 25.
    # Stage 2: deferral? lowest two D 25, C 40 differ by 15 < 23.33; D+C = 65 > B 45: no.
    #   A's 90 papers: 80 transferable (60 to B, 20 to C), 10 with no next preference.
    #   80 papers worth 80.00 > 23.33, so value = 23.33 / 80 = 0.2916.. -> 0.29.
    #   B + 60 x 0.29 = 17.40 -> 62.40; C + 20 x 0.29 = 5.80 -> 45.80.
    #   Loss (neglected remainder) 23.33 - 23.20 = 0.13; non-transferable papers carry nothing.
    # Stage 3: exclude D (25 <= 45.80; D+C = 70.80 > B 62.40): D's 25 papers exhaust.
    #   Total active vote = 62.40 + 45.80 = 108.20; / (1 place + 1) = 54.10 <= B 62.40:
    #   B deemed elected under 5.4.9(b) although below the quota.
    e = election("ABCD", 2, (60, "A B"), (20, "A C"), (10, "A"), (45, "B"), (40, "C"), (25, "D"))
    r = run(e)
    assert r.quota == "66.67"
    s2 = stage(r, 2)
    assert s2.tallies == {"A": "66.67", "B": "62.40", "C": "45.80", "D": "25.00"}
    assert s2.transfers == {"A": "-23.33", "B": "17.40", "C": "5.80"}
    assert (s2.loss, s2.exhausted) == ("0.13", "0.00")
    s3 = stage(r, 3)
    assert s3.excluded == ("D", "C") and s3.elected == ("B",) and s3.exhausted == "25.00"
    assert any("formally excluded (5.5.2)" in n for n in s3.notes)  # C, once both places are filled
    assert r.elected == ("A", "B")


# -- 5.3.2 a later surplus comes from the last batch received only -------------------------------
def test_a_later_surplus_is_taken_from_the_last_batch_only():
    # 100 papers, 2 seats, quota 33.34.
    # Stage 1: A 30, B 25, C 20, D 15, E 10.
    # Stage 2: exclude E (10 <= 15; E+D = 25 > C 20). E's 10 papers go to A: A 40, elected.
    # Stage 3: surplus 6.66; lowest D 15, C 20 differ by 5 < 6.66; D+C = 35 > B 25: transfer.
    #   Only E's 10 papers (A's last batch) are examined, not A's own 30 "A B" papers:
    #   10 to C, worth 10.00 > 6.66 -> value 0.66; C + 6.60 = 26.60; loss 0.06; B stays 25.
    # Stage 4: exclude D (15 <= 25; D+B = 40 > C 26.60): 15 papers to B -> 40.00, elected.
    e = election("ABCDE", 2, (30, "A B"), (25, "B"), (20, "C"), (15, "D B"), (10, "E A C"))
    r = run(e)
    s3 = stage(r, 3)
    assert s3.transfers == {"A": "-6.66", "C": "6.60"}
    assert s3.tallies["B"] == "25.00" and s3.loss == "0.06"
    s4 = stage(r, 4)
    assert s4.excluded == ("D", "C") and s4.tallies["B"] == "40.00" and s4.elected == ("B",)
    assert r.elected == ("A", "B")


# -- 5.2.2 deferred surplus and 5.2.5 bulk exclusion ------------------------------------------------
def test_a_small_surplus_is_deferred_and_the_lowest_are_excluded_together():
    # 100 papers, 2 seats, quota 33.34.
    # Stage 1: A 40 (elected, surplus 6.66), B 30, C 20, D 5, E 3, F 2.
    # Stage 2: F+E+D = 10, and 10 + 6.66 <= C 20, leaving 3 for 1 place: the surplus is
    #   deferred (5.2.2(b)) and F, E, D excluded together (5.2.5). (F+E+D+C = 30 + 6.66 > B 30.)
    #   F's 2 papers to B (32); E's 3 and D's 5 to C (28).
    # Stage 3: deferral? C 28, B 32 differ by 4 < 6.66: no. A's 40 papers (first stage: all)
    #   go to B at 6.66 / 40 = 0.1665 -> 0.16: B + 6.40 = 38.40, elected; loss 0.26.
    e = election("ABCDEF", 2, (40, "A B"), (30, "B"), (20, "C"), (5, "D C"), (3, "E C"), (2, "F B"))
    r = run(e)
    s2 = stage(r, 2)
    assert set(s2.excluded) == {"D", "E", "F"}
    assert s2.tallies == {"A": "40.00", "B": "32.00", "C": "28.00", "D": "0.00", "E": "0.00", "F": "0.00"}
    assert any("deferred" in n for n in s2.notes) and any("Bulk exclusion" in n for n in s2.notes)
    s3 = stage(r, 3)
    assert s3.tallies["B"] == "38.40" and s3.loss == "0.26" and s3.elected == ("B",)
    assert r.elected == ("A", "B")


# -- 5.4 exclusion in sub-stages, highest value first; 5.4.10 -------------------------------------
def test_an_exclusion_goes_in_sub_stages_and_skips_a_candidate_elected_on_the_way():
    # 200 papers, 3 seats: quota 200/4 = 50.00 exactly.
    # Stage 1: A 80 (elected, surplus 30), D 41, B 38, F 21, C 20.
    # Stage 2: lowest C 20, F 21 differ by 1; C+F = 41 + 30 > B 38: no deferral.
    #   A's 80 papers all transferable, worth 80 > 30: value 30/80 = 0.375 -> 0.37.
    #   40 "A C D B" to C: +14.80 -> 34.80; 40 "A F" to F: +14.80 -> 35.80; loss 0.40.
    #   Active vote 41 + 38 + 35.80 + 34.80 = 149.60, /3 = 49.87: nobody elected.
    # Stage 3: exclude C (34.80 <= 35.80; C+F = 70.60 > B 38). C holds papers at two values.
    #   3.1, value 1.00: 20 "C D" papers to D: 61.00, elected (surplus 11).
    #   3.2, value 0.37: 40 "A C D B" papers skip D (now elected, 5.4.10) and go to B:
    #   B + 14.80 = 52.80, elected. Three places filled; F formally excluded.
    e = election("ABCDF", 3, (40, "A C D B"), (40, "A F"), (20, "C D"), (41, "D"), (38, "B"), (21, "F"))
    r = run(e)
    s2 = stage(r, 2)
    assert s2.tallies["C"] == "34.80" and s2.tallies["F"] == "35.80" and s2.loss == "0.40"
    s31, s32 = stage(r, 3, 1), stage(r, 3, 2)
    assert "papers at 1.00" in s31.action and "papers at 0.37" in s32.action
    assert s31.tallies["D"] == "61.00" and s31.tallies["C"] == "14.80" and s31.elected == ("D",)
    assert s32.tallies == {"A": "50.00", "B": "52.80", "C": "0.00", "D": "61.00", "F": "35.80"}
    assert s32.elected == ("B",) and "F" in s32.excluded
    assert r.elected == ("A", "D", "B")


# -- ties: 5.2.5 earliest point (forwards), then lot -------------------------------------------------
def test_a_tie_for_exclusion_looks_forwards_to_the_first_stage_where_they_differed():
    # 95 papers, 2 seats: quota 95/3 = 31.666.. -> 31.67.
    # Stage 1: A 40 (elected, surplus 8.33), B 30, Y 12, X 10, Z 3.
    # Stage 2: Z 3, X 10 differ by 7 < 8.33; Z+X = 13 + 8.33 > Y 12: transfer. Of A's 40 papers
    #   only 7 transfer (5 to X, 2 to Y), worth 7.00 <= 8.33: at their present value 1.00.
    #   X 15, Y 14; non-transferable 8.33 - 7 = 1.33.
    # Stage 3: exclude Z: 1 to X, 2 to Y: X 16, Y 16.
    # Stage 4: X and Y tie lowest. First point where they differed: stage 1 (X 10 < Y 12), so
    #   X is excluded. (Looking backwards, stage 2 has Y lower: 14 < 15. ERS97 looks forwards.)
    e = election(
        "ABXYZ",
        2,
        (5, "A X"),
        (2, "A Y"),
        (33, "A"),
        (30, "B"),
        (10, "X"),
        (12, "Y"),
        (1, "Z X"),
        (2, "Z Y"),
    )
    r = run(e)
    assert stage(r, 2).tallies["X"] == "15.00" and stage(r, 2).exhausted == "1.33"
    assert stage(r, 3).tallies["X"] == stage(r, 3).tallies["Y"] == "16.00"
    assert stage(r, 4).excluded[0] == "X"
    (tie,) = r.tiebreaks
    assert (tie.stage, tie.purpose, tie.candidates, tie.chosen) == (4, "exclusion", ("X", "Y"), "X")
    assert tie.method == "earlier stages (forwards)" and tie.explanation == "lowest vote at stage 1"


def test_a_tie_equal_at_every_stage_is_settled_by_lot_with_the_seed():
    # 11 papers, 1 seat: quota 5.50. A 5, B 3, C 3: nobody elected (active 11 / 2 = 5.50).
    # B and C tie lowest and were equal at every point: one is excluded by lot. Either way the
    # excluded papers exhaust and A (5) is elected.
    e = election("ABC", 1, (5, "A"), (3, "B"), (3, "C"))
    results = {seed: run(e, seed=seed) for seed in range(12)}
    losers = {r.stages[1].excluded[0] for r in results.values()}
    assert losers == {"B", "C"}  # both outcomes occur across seeds
    for seed, r in results.items():
        assert r.elected == ("A",)
        (tie,) = r.tiebreaks
        assert tie.method == "lot" and f"seed {seed}" in tie.explanation
        assert run(e, seed=seed) == r  # same seed, same draw
        assert r.seed == seed


def test_candidates_equal_at_every_point_with_one_place_are_not_elected_together():
    # 11 papers, 1 seat: quota 5.50. A 5, B 5, C 1: nobody elected (active 11/2 = 5.50).
    # Stage 2: exclude C; its paper exhausts. Nobody elected yet, so the quota is recalculated
    #   (5.4.8): (11 - 1) / 2 = 5.00. A and B both reach it, equal at every point, one place:
    #   5.6.2 - neither is deemed elected at this stage.
    # Then A and B tie lowest: one is excluded by lot, leaving one candidate for one place.
    e = election("ABC", 1, (5, "A"), (5, "B"), (1, "C"))
    r = run(e, seed=3)
    s2 = stage(r, 2)
    assert s2.quota == "5.00" and any("5.4.8" in n for n in s2.notes)
    assert s2.elected == () and any("5.6.2" in n for n in s2.notes)
    s3 = stage(r, 3)
    (tie,) = r.tiebreaks
    assert tie.method == "lot" and tie.stage == 3 and s3.excluded == (tie.chosen,)
    assert s3.elected == tuple({"A", "B"} - {tie.chosen}) == r.elected


# -- the gender minimum ------------------------------------------------------------------------------
WOMEN = frozenset({"Ann", "Bea"})


def test_the_gender_minimum_acting_at_the_start():
    # 2 seats, at least 2 women: 2 places left and 2 women needed from the start.
    # 100 papers, quota 33.34. Stage 1: Carl 40 reaches the quota but is passed over.
    # Stage 2: Carl and Dan are excluded: Carl's 40 to Ann (60), Dan's 30 to Bea (40). Both elected.
    e = election(("Ann", "Bea", "Carl", "Dan"), 2, (40, "Carl Ann"), (30, "Dan Bea"), (20, "Ann"), (10, "Bea"))
    r = run(e, min_women=2, women=WOMEN)
    assert r.stages[0].elected == () and any(
        "Carl reached the threshold but is passed over" in n for n in r.stages[0].notes
    )
    s2 = stage(r, 2)
    assert s2.excluded == ("Carl", "Dan") and any("Carl, Dan excluded" in n for n in s2.notes)
    assert s2.tallies == {"Ann": "60.00", "Bea": "40.00", "Carl": "0.00", "Dan": "0.00"}
    assert r.elected == ("Ann", "Bea")


def test_the_gender_minimum_acting_after_men_have_won_places():
    # 3 seats, at least 1 woman; 100 papers, quota 25.00.
    # Stage 1: Carl 30, Dan 28, Ed 26 all reach the quota. Carl (2 places left after him >= 1
    # woman needed) and Dan (1 >= 1) are elected; Ed (0 < 1) is passed over.
    # Stage 2: 1 place, 1 woman needed: Ed excluded; his 26 papers to Bea: 32, elected.
    e = election(
        ("Ann", "Bea", "Carl", "Dan", "Ed"), 3, (30, "Carl"), (28, "Dan"), (26, "Ed Bea"), (10, "Ann"), (6, "Bea")
    )
    r = run(e, min_women=1, women=WOMEN)
    assert r.stages[0].elected == ("Carl", "Dan")
    s2 = stage(r, 2)
    assert s2.excluded == ("Ed", "Ann") and s2.elected == ("Bea",) and s2.tallies["Bea"] == "32.00"
    assert r.elected == ("Carl", "Dan", "Bea")
    # Without the minimum, Ed's 26 would have won.
    assert run(e).elected == ("Carl", "Dan", "Ed")


def test_the_last_woman_needed_is_never_excluded():
    # 2 seats, at least 1 woman (Ann, the only one); 100 papers, quota 33.34.
    # Stage 1: Carl 30, Dan 28, Ed 27, Ann 15: nobody elected (active 100/3 = 33.33).
    # Stage 2: Ann is lowest but protected; Ed (27 <= 28) is excluded instead: 27 to Dan: 55,
    #   elected (1 place left after him >= 1 woman needed).
    # Stage 3: 1 place, 1 woman needed: Carl excluded; his papers exhaust. Ann is elected.
    e = election(("Ann", "Carl", "Dan", "Ed"), 2, (30, "Carl"), (28, "Dan"), (27, "Ed Dan"), (15, "Ann Dan"))
    r = run(e, min_women=1, women=frozenset({"Ann"}))
    s2 = stage(r, 2)
    assert s2.excluded == ("Ed",) and s2.elected == ("Dan",)
    assert any("Ann cannot be excluded" in n for n in s2.notes)
    assert stage(r, 3).excluded == ("Carl",)
    assert r.elected == ("Dan", "Ann")


# -- exhausted papers, 5.1.7(b), 5.4.8, fewer candidates, withdrawn -----------------------------------
def test_exhausted_papers_lower_the_quota_before_anyone_is_elected():
    # 9 papers, 1 seat: quota 4.50. A 4, B 3, C 2, all plumping. Nobody elected.
    # Stage 2: exclude C (2 <= 3; B+C = 5 > A 4): 2 papers exhaust. Nobody elected yet, so
    # the quota is recalculated (5.4.8): (9 - 2) / 2 = 3.50. A 4 is elected.
    r = run(election("ABC", 1, (4, "A"), (3, "B"), (2, "C")))
    s2 = stage(r, 2)
    assert s2.exhausted == "2.00" and s2.quota == "3.50" and s2.elected == ("A",)
    assert r.quota == "4.50" and r.parameters["final_quota"] == "3.50"


def test_all_papers_exhausting_still_fills_the_places():
    # 30 papers, 2 seats: quota 10.00. A 10 elected at stage 1 (no surplus).
    # Stage 2: exclude D (3 <= 8; D+C = 11 > B 9): 3 papers exhaust. Active vote 9 + 8 = 17,
    # / 2 = 8.50 <= B 9: B deemed elected under 5.4.9(b).
    r = run(election("ABCD", 2, (10, "A"), (9, "B"), (8, "C"), (3, "D")))
    assert r.elected == ("A", "B") and stage(r, 2).exhausted == "3.00"


def test_fewer_candidates_than_seats_elects_them_all_and_leaves_places_unfilled():
    # 10 papers, 3 seats: quota 10/4 = 2.50. Both candidates continue: both elected.
    r = run(election("AB", 3, (7, "A"), (3, "B")))
    assert r.quota == "2.50" and set(r.elected) == {"A", "B"} and len(r.stages) == 1


def test_withdrawn_candidates_are_passed_over():
    # B withdrawn: "B A" papers count for A; a paper for B alone is invalid.
    # Valid 9, 1 seat: quota 4.50; A 4 + 2 = 6 elected at stage 1.
    e = election("ABC", 1, (4, "B A"), (3, "C"), (2, "A"), (1, "B"), withdrawn="B")
    r = run(e)
    assert r.withdrawn == ("B",) and "B" not in r.stages[0].tallies
    assert r.valid_votes == "9.00" and r.parameters["invalid_papers"] == "1"
    assert r.stages[0].tallies == {"A": "6.00", "C": "3.00"} and r.elected == ("A",)


def test_equal_preferences():
    # "A=B" as a first preference is void for uncertainty: invalid (6.9).
    # 10 papers A C... with A elected at stage 1 (quota for 1 seat of 12 valid: 6.00), the
    # surplus papers marked "A B=C" have no certain next preference: non-transferable.
    e = election("ABC", 2, (10, "A B=C"), (2, "C"), (1, "A=B"))
    r = run(e)
    assert r.parameters["invalid_papers"] == "1" and r.valid_votes == "12.00"
    # quota 12/3 = 4.00; A 10 elected, surplus 6.00; its 10 papers are all non-transferable.
    assert stage(r, 2).exhausted == "6.00"


def test_equal_surpluses_go_in_order_of_the_first_stage_where_they_differed():
    # 100 papers, 3 seats: quota 25.00.
    # Stage 1: A 30 (elected, surplus 5), B 24, C 22, D 18, E 6. Active 75 / 3 = 25: no more.
    # Stage 2: E 6 + surplus 5 = 11 <= D 18: A's surplus is deferred (5.2.2(a)) and E excluded
    #   (E+D = 24 + 5 > C 22). E's 6 papers to B: 30, elected with a surplus of 5.
    # Stage 3: surpluses A 5 and B 5 (total 10; D 18 + 10 > C 22: no deferral). Equal: 5.2.3
    #   takes the greater vote at the first stage: A (30 > 24). A's 30 papers "A C" go at
    #   5 / 30 = 0.166.. -> 0.16: C + 4.80 = 26.80, elected; loss 0.20. All places filled.
    e = election("ABCDE", 3, (30, "A C"), (24, "B"), (22, "C"), (18, "D"), (6, "E B"))
    r = run(e)
    s2 = stage(r, 2)
    assert s2.excluded == ("E",) and s2.elected == ("B",) and any("deferred" in n for n in s2.notes)
    (tie,) = r.tiebreaks
    assert (tie.stage, tie.purpose, tie.candidates, tie.chosen) == (3, "surplus order", ("A", "B"), "A")
    assert tie.explanation == "highest vote at stage 1"
    s3 = stage(r, 3)
    assert s3.tallies["C"] == "26.80" and s3.loss == "0.20" and s3.elected == ("C",)
    assert r.elected == ("A", "B", "C")


def test_when_every_paper_plumps_the_places_are_filled_from_the_active_vote():
    # 40 papers, 3 seats, every paper marks one candidate only: quota 40/4 = 10.00.
    # Stage 1: A 10 elected (no surplus). Active 30 / (2 + 1) = 10: B 9 not elected.
    # Stage 2: exclude E (6 <= 7; E+D = 13 > C 8): all 6 papers exhaust. Active 24 / 3 = 8:
    #   B 9 elected; then active 15 / 2 = 7.50: C 8 elected. Places filled; D excluded.
    r = run(election("ABCDE", 3, (10, "A"), (9, "B"), (8, "C"), (7, "D"), (6, "E")))
    s2 = stage(r, 2)
    assert s2.exhausted == "6.00" and s2.elected == ("B", "C") and s2.excluded == ("E", "D")
    assert r.elected == ("A", "B", "C")


def test_the_seats_option_overrides_the_file():
    e = election("ABC", 1, (5, "A"), (4, "B"), (3, "C"))
    r = ers97.count(e, CountOptions(seats=2))
    # 12 papers, 2 seats: quota 4.00; A 5 and B 4 elected at stage 1.
    assert r.seats == 2 and r.quota == "4.00" and r.elected == ("A", "B")
