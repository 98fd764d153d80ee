"""Valid and invalid papers as each method counts them (``validity``), and the places that only a
candidate with no votes could fill."""

from fractions import Fraction

import pytest
from engine_helpers import election
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import elections

from ballots.counting import CountError, CountOptions, count, validity
from ballots.counting.methods import method_names

# A=B: equal first preferences; W withdrawn: a paper marking only W has no valid preference.
MIXED = election("ABCW", 1, (4, "A B"), (3, "A=B C"), (2, "W"), (1, "W C"), withdrawn="W")


@pytest.mark.parametrize(
    "method, valid, reasons",
    [
        ("ers97", 5, {"equal first preferences": 3, "only withdrawn candidates marked": 2}),
        ("fptp", 5, {"equal first preferences": 3, "only withdrawn candidates marked": 2}),
        ("meek", 8, {"only withdrawn candidates marked": 2}),  # Meek shares an equal first preference
        ("block", 8, {"only withdrawn candidates marked": 2}),  # block vote counts each mark
    ],
)
def test_the_valid_papers_are_those_the_method_counts(method, valid, reasons):
    judged = validity(MIXED, method)
    assert (judged.valid, judged.reasons, judged.invalid) == (valid, reasons, 10 - valid)


def counted_valid(result) -> int:
    """The valid papers a count reports, wherever its method reports them."""
    if result.method == "block":
        return int(result.parameters["valid_ballots"])
    return int(Fraction(result.valid_votes))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(equal_ranks=True), st.sampled_from(method_names()))
def test_validity_agrees_with_every_methods_own_count(case, method):
    e, options = case
    options = CountOptions(seed=options.seed, seats=1 if method == "av" else None)
    judged = validity(e, method)
    assert judged.valid + judged.invalid == e.total_ballots
    try:
        result = count(e, method, options)
    except CountError:
        return  # nothing valid, or too few candidates: validity still holds its figures
    assert counted_valid(result) == judged.valid
    if "invalid_papers" in result.parameters:
        assert int(result.parameters["invalid_papers"]) == judged.invalid


# -- a place only a candidate with no votes can fill (issue 10) ----------------------------------
ONLY_A = election("ABC", 2, (10, "A"))


@pytest.mark.parametrize("method", ["ers97", "scottish", "wigm", "meek", "fptp", "block"])
def test_a_place_only_a_candidate_without_votes_can_fill_is_filled_and_the_sheet_says_so(method):
    result = count(ONLY_A, method, CountOptions(seed=1))
    assert len(result.elected) == 2 and result.elected[0] == "A"
    (other,) = set(result.elected) - {"A"}
    notes = [n for s in result.stages for n in s.notes if "no votes" in n]
    assert notes == [f"{other} has no votes but is elected: no other candidate was left to fill that place."]


@pytest.mark.parametrize("method", ["ers97", "scottish", "wigm", "meek", "fptp", "block"])
def test_the_count_can_leave_such_a_place_unfilled(method):
    result = count(ONLY_A, method, CountOptions(seed=1, zero_vote_places="unfilled"))
    assert result.elected == ("A",)
    notes = [n for s in result.stages for n in s.notes if "unfilled" in n]
    assert len(notes) == 1 and notes[0].startswith("1 place left unfilled: only ")
    assert result.parameters["zero_vote_places"] == "unfilled"


def test_a_woman_the_gender_minimum_needs_is_elected_even_without_votes():
    options = CountOptions(min_women=1, women=frozenset({"C"}), zero_vote_places="unfilled")
    result = count(ONLY_A, "ers97", options)
    assert result.elected == ("A", "C")
    assert any(
        "C has no votes but is elected: the gender minimum needs a woman for that place" in n
        for s in result.stages
        for n in s.notes
    )


def test_an_unknown_zero_vote_option_is_refused():
    with pytest.raises(CountError, match="zero_vote_places must be 'fill' or 'unfilled', not 'maybe'"):
        count(ONLY_A, "ers97", CountOptions(zero_vote_places="maybe"))
