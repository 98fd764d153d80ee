import pytest

from ballots.counting.model import CountError
from ballots.counting.tiebreak import BACKWARDS, FORWARDS, TieBreaker, TieRule, narrow_by_history

NAMES = ("Ann", "Bob", "Cat", "Dan")
# Votes of candidates 0..3 at three earlier points of a count, oldest first.
HISTORY = [
    [5, 5, 5, 9],  # stage 1: all tied but Dan
    [6, 7, 6, 9],  # stage 2: Bob pulls ahead of Ann and Cat
    [8, 7, 6, 9],  # stage 3: Ann ahead of Cat
]


def test_it_looks_forwards_to_the_first_point_where_they_differ():
    # Ann and Cat first differ at stage 3 (index 2): Cat lower.
    assert narrow_by_history([0, 2], HISTORY, prefer="lowest", direction=FORWARDS) == ([2], 2)
    # Ann and Bob first differ at stage 2: Ann lower (6 < 7).
    assert narrow_by_history([0, 1], HISTORY, prefer="lowest", direction=FORWARDS) == ([0], 1)


def test_it_looks_backwards_to_the_most_recent_point_where_they_differ():
    # Ann and Bob: most recent point is stage 3, where Bob (7) is lower than Ann (8).
    assert narrow_by_history([0, 1], HISTORY, prefer="lowest", direction=BACKWARDS) == ([1], 2)


def test_it_narrows_three_way_ties_step_by_step():
    # Forwards, highest: stage 2 keeps Bob alone (7 > 6 = 6).
    assert narrow_by_history([0, 1, 2], HISTORY, prefer="highest", direction=FORWARDS) == ([1], 1)
    # Forwards, lowest: stage 2 keeps Ann and Cat (6); stage 3 keeps Cat.
    assert narrow_by_history([0, 1, 2], HISTORY, prefer="lowest", direction=FORWARDS) == ([2], 2)


LOOK_FORWARDS = TieRule(look_back=FORWARDS)


def test_it_draws_by_lot_only_when_history_cannot_decide_and_records_it():
    tb = TieBreaker(seed=42, names=NAMES, rule=LOOK_FORWARDS)
    chosen = tb.choose([0, 2], [[1, 0, 1, 0]], stage=4, purpose="exclusion", prefer="lowest")
    assert chosen in (0, 2)
    (record,) = tb.records
    assert record.method == "lot" and record.stage == 4 and record.candidates == ("Ann", "Cat")
    assert "seed 42" in record.explanation
    # Same seed, same draw.
    again = TieBreaker(seed=42, names=NAMES, rule=LOOK_FORWARDS)
    assert again.choose([2, 0], [[1, 0, 1, 0]], stage=4, purpose="exclusion", prefer="lowest") == chosen


def test_lots_differ_across_seeds_but_are_deterministic():
    draws = {TieBreaker(seed=s, names=NAMES).by_lot([0, 1, 2, 3]) for s in range(40)}
    assert len(draws) > 1
    assert [TieBreaker(seed=7, names=NAMES).by_lot(range(4)) for _ in range(3)] == [
        TieBreaker(seed=7, names=NAMES).by_lot(range(4))
    ] * 3


def test_it_records_a_history_decision_with_its_stage():
    tb = TieBreaker(seed=0, names=NAMES, rule=LOOK_FORWARDS)
    assert tb.choose([0, 1], HISTORY, stage=5, purpose="surplus order", prefer="highest") == 1
    assert tb.records[0].method == "earlier stages (forwards)"
    assert tb.records[0].explanation == "highest vote at stage 2"


def test_a_rule_that_looks_backwards_settles_on_the_most_recent_difference():
    tb = TieBreaker(seed=0, names=NAMES, rule=TieRule(look_back=BACKWARDS))
    assert tb.choose([0, 1], HISTORY, stage=4, purpose="exclusion", prefer="lowest") == 1
    assert tb.records[0].method == "earlier stages (backwards)" and "stage 3" in tb.records[0].explanation


DROOP_STYLE = TieRule(file_order=True, lot_lists_all_tied=False, lot_explanation="drawn with seed {seed}")


def test_a_files_tie_order_settles_before_lot_where_the_rule_takes_it():
    tb = TieBreaker(seed=0, names=NAMES, rule=DROOP_STYLE, options={"tie": "3 1 2 4"})
    assert tb.choose([0, 1, 2], HISTORY, stage=2, purpose="exclusion", prefer="lowest") == 2  # Cat listed first
    assert tb.records[0].method == "file order ([tie] option)"
    # ERS97 has no predetermined order: the same option is not a rule there, so lot decides.
    ers = TieBreaker(seed=0, names=NAMES, rule=LOOK_FORWARDS, options={"tie": "3 1 2 4"})
    ers.choose([0, 2], [[1, 0, 1, 0]], stage=2, purpose="exclusion", prefer="lowest")
    assert ers.records[0].method == "lot"


def test_a_rule_that_narrows_first_lists_only_those_left_when_it_draws():
    rule = TieRule(look_back=BACKWARDS, lot_lists_all_tied=False, lot_explanation="drawn with seed {seed}")
    history = [[6, 6, 5, 0]]  # Cat is lower: Ann and Bob are left for the lot
    tb = TieBreaker(seed=9, names=NAMES, rule=rule)
    assert tb.choose([0, 1, 2], history, stage=3, purpose="surplus order", prefer="highest") in (0, 1)
    assert tb.records[0].candidates == ("Ann", "Bob") and tb.records[0].explanation == "drawn with seed 9"


def test_a_broken_tie_option_is_refused():
    with pytest.raises(CountError, match="bad \\[tie\\] option"):
        TieBreaker(seed=0, names=NAMES, rule=DROOP_STYLE, options={"tie": "3 x"})
