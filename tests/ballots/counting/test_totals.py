"""A scrutineer's return (each candidate's total) is counted by the same tally as the papers."""

import pytest
from engine_helpers import election

from ballots.counting import CountError, CountOptions, Totals, count, count_totals

NAMES = "ABCDE"
# Block vote, 2 seats: 20 papers with two marks each give A 10, B 10, C 10, D 5, E 5.
PAPERS = election(NAMES, 2, (5, "A B"), (5, "A C"), (5, "B C"), (5, "D E"))
RETURN = Totals("return", tuple(NAMES), 2, (10, 10, 10, 5, 5), valid_papers=20)


@pytest.mark.parametrize("seed", range(1, 9))
def test_a_return_elects_whom_the_papers_elect_with_the_same_seed(seed):
    options = CountOptions(seed=seed)
    from_papers = count(PAPERS, "block", options)
    from_return = count_totals(RETURN, "block", options)
    assert from_return.elected == from_papers.elected
    assert from_return.tiebreaks == from_papers.tiebreaks  # the same lot, recorded the same way
    assert from_return.stages[0].tallies == from_papers.stages[0].tallies


def test_the_lot_still_varies_with_the_seed():
    assert len({count_totals(RETURN, "block", CountOptions(seed=s)).elected for s in range(1, 9)}) > 1


def test_the_gender_minimum_acts_on_a_return_as_on_the_papers():
    options = CountOptions(min_women=1, women=frozenset({"D", "E"}), seed=4)
    from_return = count_totals(RETURN, "block", options)
    assert from_return.elected == count(PAPERS, "block", options).elected
    assert {"D", "E"} & set(from_return.elected)
    assert "Gender quota" in from_return.stages[0].notes[0]


def test_first_past_the_post_from_totals():
    totals = Totals("return", ("Ann", "Bob"), 1, (7, 9), valid_papers=16, invalid_papers=2)
    result = count_totals(totals, "fptp", CountOptions())
    assert result.elected == ("Bob",) and result.parameters["invalid_papers"] == "2"
    assert result.parameters["input"] == "candidate totals"


@pytest.mark.parametrize(
    "totals, method, message",
    [
        (RETURN, "ers97", "STV \\(ERS97 rules\\) cannot be counted from candidates' totals; only fptp, block can"),
        (Totals("t", ("A", "B"), 1, (1,)), "fptp", "1 totals given for 2 candidates"),
        (Totals("t", ("A", "B"), 1, (1, -2)), "fptp", "B's total must be a whole number from 0 to 100,000,000"),
        (Totals("t", ("A", "B"), 1, (1, 10**12)), "fptp", "B's total must be a whole number"),
    ],
)
def test_totals_are_refused_where_they_cannot_be_counted(totals, method, message):
    with pytest.raises(CountError, match=message):
        count_totals(totals, method, CountOptions())
