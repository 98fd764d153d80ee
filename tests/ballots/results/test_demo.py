"""The results demo loads once, lightly, and a second load changes nothing."""

from ballots.results import demo
from ballots.results.models import BallotSet, Count
from elections import demo as elections_demo


def test_the_demo_loads_a_small_counted_ballot_set_and_is_idempotent(db):
    elections_demo.load()
    logins = demo.load()
    assert ("returning", "returning officer: loads ballots, counts and declares (Results)") in logins
    demo.load()
    ballot_set = BallotSet.objects.get()
    assert ballot_set.ballots_total == 400 and ballot_set.section.slug == demo.SECTION_SLUG
    count = Count.objects.get()
    assert count.status == "done" and len(count.elected) == 1 and count.declared_at is not None
    assert count.section.ballot_closes < count.declared_at, "declared after its ballot closed"
