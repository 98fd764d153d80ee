"""Rule sensitivity: who each rule elects, who differs, where the paths part."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ballots.analysis import sensitivity
from ballots.counting.model import Ballot, CountOptions, Election

# Worked by hand, 2 seats: 10 papers A then B, 9 papers C alone.
# Block vote: each paper counts for its first two marks: A 10, B 10, C 9, so A and B.
# ERS97: quota 19 / 3 = 6.33.. -> 6.34; A (10) and C (9) both reach it at stage 1. So A and C.
# Paths: ERS97 elects A, then C; block vote A, then B: they part at the second decision.
ELECTION = Election("hand", ("A", "B", "C"), 2, (Ballot(10, ((0,), (1,))), Ballot(9, ((2,),))))


def test_block_vote_elects_another_candidate_and_the_paths_part_after_the_first_election():
    comparison, results = sensitivity.compare(ELECTION, CountOptions(), rules=("ers97", "block"))
    by_rule = {o.method: o for o in comparison.outcomes}
    assert set(by_rule["ers97"].elected) == {"A", "C"} and set(by_rule["block"].elected) == {"A", "B"}
    assert comparison.always == ("A",) and comparison.differs == ("B", "C")
    (block,) = comparison.divergences
    assert block.method == "block" and block.step == 1  # both elect A first
    assert (block.here, block.reference) == ("stage 1: elected B", "stage 1: elected C")
    assert set(results) == {"ers97", "block"} and results["block"]["method"] == "block"


def test_every_rule_runs_in_parallel_with_the_same_answer_as_in_turn():
    in_turn, _ = sensitivity.compare(ELECTION, CountOptions(seed=3))
    with ThreadPoolExecutor(max_workers=2) as pool:
        parallel, _ = sensitivity.compare(ELECTION, CountOptions(seed=3), executor=pool)
    assert parallel == in_turn
    assert [o.method for o in in_turn.outcomes] == list(sensitivity.RULES)
    # The four STV rules agree here: A and C reach the quota on first preferences under each.
    stv = [o for o in in_turn.outcomes if o.method != "block"]
    assert all(set(o.elected) == {"A", "C"} for o in stv)
    assert all(d.step is None for d in in_turn.divergences if d.method != "block")


def test_a_rule_that_cannot_count_the_ballots_is_reported_not_fatal():
    # A gender minimum no one can meet is refused by every rule before it starts.
    options = CountOptions(min_women=2, women=frozenset({"A"}))
    comparison, results = sensitivity.compare(ELECTION, options, rules=("ers97", "block"))
    assert all(o.error for o in comparison.outcomes) and results == {}
    assert comparison.differs == () and comparison.divergences == ()


def test_formal_exclusions_once_the_places_are_filled_are_no_decision():
    # 1 seat: A 6, B 4, C 3 (C's papers go to B). ERS97 excludes C (stage 2: B 7, elected), and
    # lists A as formally excluded in that last stage; Scottish STV does not list A at all.
    # Both decided the same: C out, then B in.
    election = Election("t", ("A", "B", "C"), 1, (Ballot(6, ((0,),)), Ballot(4, ((1,),)), Ballot(3, ((2,), (1,)))))
    comparison, _ = sensitivity.compare(election, CountOptions(), rules=("ers97", "scottish", "meek", "wigm"))
    paths = {o.method: [step[1:] for step in o.path] for o in comparison.outcomes}
    assert paths["ers97"] == [("excluded", "C"), ("elected", "B")]
    assert all(p == paths["ers97"] for p in paths.values()), paths
    assert all(d.step is None for d in comparison.divergences)
