"""A scrutineer's return is accepted only when its arithmetic adds up."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ballots.results import services
from ballots.results.models import BallotReturn, Count


def figures(section, **changes):
    ids = list(section.candidates.order_by("display_name").values_list("pk", flat=True))
    base = dict(
        method="fptp",
        electorate=100,
        ballots_issued=90,
        ballots_returned=80,
        ballots_spoilt=5,
        ballots_valid=75,
        votes=dict(zip(ids, [30, 20, 10, 10, 5])),
    )
    base.update(changes)
    return base


def test_it_records_a_return_that_adds_up(section, rita):
    ret = services.return_record(section=section, user=rita, **figures(section))
    assert ret.ballots_valid == 75
    assert [row[2] for row in ret.votes] == [30, 20, 10, 10, 5]


@pytest.mark.parametrize(
    "changes, field, text",
    [
        ({"ballots_issued": 101}, "ballots_issued", "exceed the electorate"),
        ({"ballots_returned": 95, "ballots_valid": 90}, "ballots_returned", "exceed the ballots issued"),
        ({"ballots_spoilt": 6}, "ballots_valid", "not the 80 ballots returned"),
        ({"ballots_valid": 74, "ballots_spoilt": 6}, "votes", "add up to 75, not the 74 valid"),
        ({"method": "block", "ballots_valid": 30, "ballots_spoilt": 50}, "votes", "more than 30 valid ballots × 2"),
    ],
)
def test_it_refuses_a_return_that_does_not_add_up(section, rita, changes, field, text):
    with pytest.raises(ValidationError) as caught:
        services.return_record(section=section, user=rita, **figures(section, **changes))
    assert text in " ".join(caught.value.message_dict[field])
    assert BallotReturn.objects.count() == 0


def test_it_refuses_a_return_for_a_ranked_method(section, rita):
    with pytest.raises(ValidationError):
        services.return_record(section=section, user=rita, **figures(section, method="ers97"))


@pytest.mark.parametrize("who", ["alice", "otto", "nobody"])
def test_only_returning_officers_and_staff_record_returns(section, who, request):
    with pytest.raises(PermissionDenied, match="record a scrutineer's return"):
        services.return_record(section=section, user=request.getfixturevalue(who), **figures(section))


def test_a_tally_elects_the_highest_totals_and_honours_the_gender_minimum(section, rita):
    # Ann 30 (woman), Bob 20, Cat 10 (woman), Dan 10, Eve 5 (woman): 2 seats, 1 woman -> Ann, Bob.
    ret = services.return_record(section=section, user=rita, **figures(section))
    count = services.count_request(user=rita, ballot_return=ret, min_women=2)
    count.refresh_from_db()
    assert count.status == "done"
    assert count.elected == ["Ann Able", "Cat Cole"]
    assert "Cat Cole replaces Bob Baker" in count.result_json  # the engine's gender rule, as for papers


def test_a_tie_for_the_last_place_is_decided_by_lot_and_recorded(section, rita):
    ret = services.return_record(section=section, user=rita, **figures(section))
    count = services.count_request(user=rita, ballot_return=ret, seats=3, min_women=0, seed=4)
    count.refresh_from_db()
    assert count.elected[:2] == ["Ann Able", "Bob Baker"] and count.elected[2] in {"Cat Cole", "Dan Dean"}
    assert '"method": "lot"' in count.result_json


def test_the_return_page_refuses_bad_arithmetic_with_the_reason(client_for, rita, section):
    data = {k: v for k, v in figures(section, ballots_spoilt=6).items() if k != "votes"}
    for pk, votes in figures(section)["votes"].items():
        data[f"votes_{pk}"] = votes
    url = reverse("results:return_create", args=[section.election.slug, section.slug])
    response = client_for(rita).post(url, data)
    assert response.status_code == 422
    assert "not the 80 ballots returned" in response.content.decode()
    assert BallotReturn.objects.count() == 0 and Count.objects.count() == 0


def test_the_return_page_records_a_good_return(client_for, rita, section):
    data = {k: v for k, v in figures(section).items() if k != "votes"}
    for pk, votes in figures(section)["votes"].items():
        data[f"votes_{pk}"] = votes
    url = reverse("results:return_create", args=[section.election.slug, section.slug])
    response = client_for(rita).post(url, data)
    assert response.status_code == 302
    assert BallotReturn.objects.get().ballots_valid == 75


def test_members_cannot_open_the_return_page(client_for, alice, section):
    response = client_for(alice).get(reverse("results:return_create", args=[section.election.slug, section.slug]))
    assert response.status_code == 403
