"""First preferences and slate discipline, read from the papers."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballots.analysis import papers
from ballots.counting import count
from ballots.counting.model import Ballot, CountOptions, Election

NAMES = ("Ann", "Bea", "Cat", "Dan", "Ed")


def test_first_preferences_pass_over_the_withdrawn_and_set_aside_shared_first_marks():
    election = Election(
        "t", NAMES, 2,
        (Ballot(5, ((0,), (1,))), Ballot(3, ((4,), (2,))), Ballot(2, ((1, 2), (0,))), Ballot(4, ((4,),))),
        withdrawn=frozenset({4}),
    )  # fmt: skip
    got = papers.first_preferences(election)
    assert got.votes == {"Ann": 5, "Bea": 0, "Cat": 3, "Dan": 0, "Ed": 0}
    assert (got.shared_first, got.blank, got.papers) == (2, 4, 14)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(1, 30), st.permutations(range(5))), min_size=1, max_size=12))
def test_first_preferences_are_the_first_stage_of_an_ers97_count(rows):
    election = Election("t", NAMES, 2, tuple(Ballot(w, tuple((c,) for c in order)) for w, order in rows))
    first_stage = count(election, "ers97", CountOptions()).stages[0].tallies
    votes = papers.first_preferences(election).votes
    assert {n: f"{v}.00" for n, v in votes.items()} == dict(first_stage)


def test_slate_discipline_counts_how_long_papers_keep_to_their_first_choices_slate():
    # Left: Ann, Bea, Cat (3 standing); Right: Dan; Ed independent.
    groups = {"Ann": "Left", "Bea": "Left", "Cat": "Left", "Dan": "Right", "Ed": ""}
    election = Election(
        "t", NAMES, 2,
        (
            Ballot(10, ((0,), (1,), (2,), (3,))),  # whole Left slate first
            Ballot(4, ((1,), (3,), (0,))),  # one Left, then leaves
            Ballot(3, ((2,), (0,))),  # two Left, then the paper ends
            Ballot(2, ((0,), (1, 2))),  # shared second mark within the slate: whole slate
            Ballot(6, ((4,), (0,))),  # an independent first: no slate
            Ballot(1, ((3,), (4,))),  # Right's only candidate, whole slate
        ),
    )  # fmt: skip
    left, right = papers.slate_discipline(election, groups, order=("Left", "Right"))
    assert (left.slate, left.size, left.papers, left.by_depth, left.whole_slate) == ("Left", 3, 19, (4, 3, 12), 12)
    assert (right.slate, right.size, right.papers, right.by_depth) == ("Right", 1, 1, (1,))
