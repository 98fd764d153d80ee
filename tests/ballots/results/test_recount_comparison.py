"""The recount table says how each count's elected compare with this one's, naming who differs."""

import pytest

from ballots.results import selectors, services


@pytest.mark.parametrize(
    "here, there, verdict, differences",
    [
        (["Ann", "Bob"], ["Ann", "Bob"], "same candidates, same order", []),
        (
            ["Ann", "Bob", "Cat"],
            ["Bob", "Ann", "Cat"],
            "same candidates, different order",
            ["Ann: 1st here, 2nd in count 7", "Bob: 2nd here, 1st in count 7"],
        ),
        (
            ["Ann", "Bob"],
            ["Ann", "Dan"],
            "different candidates",
            ["elected here, not in count 7: Bob", "elected in count 7, not here: Dan"],
        ),
        (["Ann", "Bob"], ["Ann"], "different candidates", ["elected here, not in count 7: Bob"]),
    ],
    ids=["same-order", "other-order", "different", "fewer"],
)
def test_elected_are_compared_in_order_and_who_differs_is_named(here, there, verdict, differences):
    assert selectors.compare_elected(here, there, "count 7") == (verdict, differences)


def test_the_sheet_says_so_for_each_count_of_the_same_ballots(client_for, rita, count, ballot_set):
    same = services.count_request(user=rita, ballot_set=ballot_set, recount_of=count, reason="Check", seed=7)
    forced = services.count_request(
        user=rita, ballot_set=ballot_set, recount_of=count, reason="All women", min_women=2, seed=7
    )
    forced.refresh_from_db()
    count.refresh_from_db()
    page = client_for(rita).get(count.get_absolute_url()).content.decode()
    assert "Same candidates, same order" in page and f"Recount of {count.pk}: Check" in page
    assert set(forced.elected) <= set(count.women)  # two seats, at least two women: only women
    men_here = [n for n in count.elected if n not in count.women]
    assert men_here, "the first count elects a man, so the all-women recount differs"
    assert "Different candidates" in page and f"elected here, not in count {forced.pk}: {men_here[0]}" in page
    assert same.pk != forced.pk
