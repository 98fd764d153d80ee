"""Reading a marked ballot paper: table-driven, no database."""

import pytest

from ballots.voting.choices import BLOCK, PLURALITY, RANKED, as_fields, check_preferences, read_choices
from elections.refusals import Unprocessable

PEOPLE = {11: "Ann Adams", 12: "Beth Brown", 13: "Cara Cole", 14: "Dan Dyer"}


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"rank-13": "1", "rank-11": "2"}, [13, 11]),
        ({"rank-11": " 3 ", "rank-12": "1", "rank-13": "2", "rank-14": ""}, [12, 13, 11]),
        ({}, []),
        ({"rank-11": "", "rank-99": "1"}, []),  # a field for a candidate not on the ballot is ignored
        ({"rank-11": ["2", "1"]}, [11]),  # a repeated field: the last value counts
    ],
)
def test_ranked_preferences_are_stored_most_preferred_first(data, expected):
    assert read_choices(PEOPLE, RANKED, 2, data) == expected


@pytest.mark.parametrize(
    "data, message",
    [
        ({"rank-11": "1", "rank-14": "1"}, "You gave the number 1 to Ann Adams and Dan Dyer: use each number once."),
        (
            {"rank-11": "2", "rank-12": "2", "rank-13": "2"},
            "You gave the number 2 to Ann Adams, Beth Brown and Cara Cole: use each number once.",
        ),
        ({"rank-11": "2"}, "Your numbers skip 1: number your choices 1, 2, 3 and so on, without gaps."),
        ({"rank-11": "1", "rank-12": "3"}, "Your numbers skip 2: number your choices 1, 2, 3 and so on, without gaps."),
        ({"rank-11": "5"}, "Use the numbers 1 to 4 for your preferences; “5” beside Ann Adams is not one."),
        ({"rank-11": "0"}, "Use the numbers 1 to 4 for your preferences; “0” beside Ann Adams is not one."),
        ({"rank-11": "-1"}, "Use the numbers 1 to 4 for your preferences; “-1” beside Ann Adams is not one."),
        ({"rank-11": "²"}, "Use the numbers 1 to 4 for your preferences; “²” beside Ann Adams is not one."),
        ({"rank-11": "1" * 5000}, "Use the numbers 1 to 4 for your preferences; “111111” beside Ann Adams is not one."),
    ],
    ids=["twice", "three-times", "no-first", "gap", "too-high", "zero", "negative", "superscript", "huge"],
)
def test_a_mis_numbered_paper_is_refused_with_the_reason(data, message):
    with pytest.raises(Unprocessable) as refused:
        read_choices(PEOPLE, RANKED, 2, data)
    assert refused.value.message == message
    assert refused.value.errors == {"preferences": [message]}


@pytest.mark.parametrize(
    "how, data, expected",
    [
        (PLURALITY, {"choice": "12"}, [12]),
        (PLURALITY, {}, []),
        (BLOCK, {"choice": ["14", "11", "14"]}, [11, 14]),
        (BLOCK, {"choice": ["13", "12"]}, [12, 13]),
    ],
)
def test_plurality_and_block_marks(how, data, expected):
    assert read_choices(PEOPLE, how, 2, data) == expected


@pytest.mark.parametrize(
    "how, data, message",
    [
        (PLURALITY, {"choice": ["11", "12"]}, "Choose one candidate only: this ballot is first past the post."),
        (PLURALITY, {"choice": "99"}, "Choose only candidates on this ballot."),
        (PLURALITY, {"choice": "x"}, "Choose only candidates on this ballot."),
        (
            BLOCK,
            {"choice": ["11", "12", "13"]},
            "You can vote for up to 2 candidates; you chose 3. Untick some before you go on.",
        ),
    ],
)
def test_plurality_and_block_refusals(how, data, message):
    with pytest.raises(Unprocessable) as refused:
        read_choices(PEOPLE, how, 2, data)
    assert refused.value.message == message


def test_a_block_ballot_for_one_place_says_candidate_not_candidates():
    with pytest.raises(Unprocessable, match="up to 1 candidate; you chose 2"):
        read_choices(PEOPLE, BLOCK, 1, {"choice": ["11", "12"]})


@pytest.mark.parametrize("how, prefs", [(RANKED, [13, 11]), (PLURALITY, [12]), (BLOCK, [11, 14])])
def test_the_review_step_carries_the_marks_back_unchanged(how, prefs):
    fields = as_fields(how, prefs)
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    assert read_choices(PEOPLE, how, 2, data) == prefs


@pytest.mark.parametrize(
    "prefs, message",
    [([11, 11], "Each candidate can be chosen only once."), ([99], "Choose only candidates on this ballot."),
     ([True], "Choose only candidates on this ballot."), (["11"], "Choose only candidates on this ballot.")],
)  # fmt: skip
def test_the_services_own_check(prefs, message):
    with pytest.raises(Unprocessable, match=message):
        check_preferences(list(PEOPLE), RANKED, 2, prefs)
