import pytest

from ballots.counting.genderquota import GenderQuota, from_options, note_men_excluded
from ballots.counting.model import Ballot, CountError, CountOptions, Election

# Candidates 0-5; women are 0, 1, 2 (Ann, Bea, Cat); men 3, 4, 5 (Dan, Ed, Fred).
NAMES = ("Ann", "Bea", "Cat", "Dan", "Ed", "Fred")
Q = GenderQuota(min_women=2, women=frozenset({0, 1, 2}))


def test_men_must_go_when_places_left_equal_women_needed():
    # 4 seats, Dan and Ed elected: 2 places left, 2 women needed -> Fred must go.
    assert Q.must_exclude_men(continuing={0, 1, 5}, elected={3, 4}, seats=4) == [5]
    # 4 seats, only Dan elected: 3 places left, 2 women needed -> men may still win.
    assert Q.must_exclude_men(continuing={0, 1, 4, 5}, elected={3}, seats=4) == []
    # Once the women are in, nobody is held back.
    assert Q.must_exclude_men(continuing={4, 5}, elected={0, 1}, seats=4) == []


def test_a_man_may_be_elected_only_while_room_is_left_for_the_women():
    assert Q.may_elect(3, elected=set(), seats=4)  # 4 places, 2 needed: after him 3 >= 2
    assert Q.may_elect(4, elected={3}, seats=4)  # after him 2 >= 2
    assert not Q.may_elect(5, elected={3, 4}, seats=4)  # after him 1 < 2
    assert Q.may_elect(0, elected={3, 4}, seats=4)  # women always may


def test_the_last_women_needed_are_protected_from_exclusion():
    assert Q.protected_women(continuing={0, 1, 4}, elected=set()) == {0, 1}
    assert Q.protected_women(continuing={0, 1, 2, 4}, elected=set()) == frozenset()
    assert Q.spare_women(continuing={0, 1, 2, 4}, elected=set()) == 1


def test_it_says_whether_the_minimum_can_still_be_met():
    assert Q.feasible(continuing={0, 1}, elected=set(), seats=2)
    assert not Q.feasible(continuing={0, 4}, elected=set(), seats=2)
    assert not Q.feasible(continuing={0, 1}, elected={3, 4}, seats=3)


def test_the_note_says_where_and_why():
    note = note_men_excluded(NAMES, [4, 5], places_left=2, needed=2)
    assert "Ed, Fred excluded" in note and "2 places left" in note


def _election(withdrawn=frozenset()):
    return Election("t", NAMES, 3, (Ballot(1, ((0,),)),), withdrawn=withdrawn)


@pytest.mark.parametrize(
    "options, message",
    [
        (CountOptions(min_women=2, women=frozenset({"Ann", "Zed"})), "unknown candidate"),
        (CountOptions(min_women=4, women=frozenset({"Ann", "Bea", "Cat"})), "exceeds the seats"),
        (CountOptions(min_women=3, women=frozenset({"Ann", "Bea"})), "only 2 women stand"),
    ],
)
def test_it_refuses_settings_that_can_never_be_met(options, message):
    with pytest.raises(CountError, match=message):
        from_options(_election(), options, seats=3)


def test_withdrawn_women_do_not_count():
    opts = CountOptions(min_women=3, women=frozenset({"Ann", "Bea", "Cat"}))
    with pytest.raises(CountError, match="only 2 women"):
        from_options(_election(withdrawn=frozenset({2})), opts, seats=3)
    assert from_options(_election(), CountOptions(), seats=3) is None
