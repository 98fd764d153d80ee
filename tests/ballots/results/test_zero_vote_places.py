"""The section's rule for a place that only a candidate without votes could fill (issue 10):
ERS97 5.5.1 fills it; the section may leave it unfilled instead. The rule is stored on each count,
reaches the engine, is printed on the sheet, and freezes with the other counting settings."""

import io

import pytest

from ballots.results import services
from elections.models import Section
from elections.refusals import Conflict
from elections.services import section_update_settings
from tests.ballots.results.factories import blt

# Every paper is for Ann alone: 2 seats, so the second place can go only to someone with no votes.
ONLY_ANN = blt(["Ann Able", "Bob Baker", "Cat Cole", "Dan Dean", "Eve Ennis"], ["5 1 0"], seats=2)


def _count(section, rita):
    ballot_set = services.ballot_set_load(
        section=section, user=rita, fileobj=io.BytesIO(ONLY_ANN), filename="only-ann.blt", mapping="position"
    )
    count = services.count_request(user=rita, ballot_set=ballot_set, method="ers97", seats=2, min_women=0, seed=1)
    count.refresh_from_db()
    assert count.status == "done", count.error
    return count


@pytest.fixture
def no_minimum(section):
    Section.objects.filter(pk=section.pk).update(min_women=0)
    section.refresh_from_db()
    return section


def test_by_default_the_place_is_filled_and_the_sheet_says_by_which_rule(no_minimum, rita, client_for):
    count = _count(no_minimum, rita)
    assert count.zero_vote_places == "fill"
    assert len(count.elected) == 2 and count.elected[0] == "Ann Able"
    page = client_for(rita).get(count.get_absolute_url()).content.decode()
    assert "Fill it with a candidate who has no votes (ERS97 5.5.1)" in page
    assert "no votes" in page  # the engine's note names the candidate elected without votes


def test_a_section_that_leaves_it_unfilled_elects_only_ann_and_says_so(no_minimum, rita, client_for):
    section_update_settings(section=no_minimum, user=rita, zero_vote_places="unfilled")
    count = _count(no_minimum, rita)
    assert count.zero_vote_places == "unfilled"
    assert count.elected == ["Ann Able"]
    page = client_for(rita).get(count.get_absolute_url()).content.decode()
    assert "Leave it unfilled" in page and "1 place left unfilled" in page


def test_the_rule_freezes_once_ballots_are_loaded(no_minimum, rita):
    _count(no_minimum, rita)
    with pytest.raises(Conflict) as refused:
        section_update_settings(section=Section.objects.get(pk=no_minimum.pk), user=rita, zero_vote_places="unfilled")
    assert "rule for places only a candidate without votes could fill" in refused.value.message


def test_the_platforms_choices_are_the_engines():
    from elections.models import ZeroVotePlaces

    assert ZeroVotePlaces.choices == [("fill", "Fill it with a candidate who has no votes (ERS97 5.5.1)"),
                                      ("unfilled", "Leave it unfilled")]  # fmt: skip
    assert ZeroVotePlaces.FILL == "fill" and ZeroVotePlaces.UNFILLED.label == "Leave it unfilled"
