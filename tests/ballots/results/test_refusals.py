"""Every page and endpoint refuses people who may not use it, with a reason."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from ballots.results import services
from ballots.results.models import BallotReturn, Count


@pytest.fixture
def ballot_return(section, rita):
    ids = list(section.candidates.values_list("pk", flat=True))
    return services.return_record(
        section=section, user=rita, method="fptp", electorate=10, ballots_issued=10, ballots_returned=9,
        ballots_spoilt=1, ballots_valid=8, votes={ids[0]: 5, ids[1]: 3},
    )  # fmt: skip


def pages(count, ballot_return):
    return [
        ("get", reverse("results:ballot_set", args=[count.ballot_set_id]), "see ballot sets"),
        ("post", reverse("results:count_create", args=[count.ballot_set_id]), "run a count"),
        ("get", reverse("results:return", args=[ballot_return.pk]), "can see scrutineers"),
        ("post", reverse("results:return_count", args=[ballot_return.pk]), "run a count"),
        ("get", reverse("results:count_status", args=[count.pk]), "has not been declared"),
        ("get", reverse("results:count_download", args=[count.pk, "json"]), "has not been declared"),
    ]


@pytest.mark.parametrize("who", ["alice", "otto", "nobody"])
def test_pages_for_returning_officers_refuse_everyone_else(client_for, count, ballot_return, who, request):
    client = client_for(request.getfixturevalue(who))
    for method, url, reason in pages(count, ballot_return):
        response = getattr(client, method)(url, {"method": "ers97", "seats": 2, "min_women": 1, "seed": 0})
        assert response.status_code == 403, url
        assert reason in response.content.decode(), url
    assert Count.objects.count() == 1


def test_signed_out_visitors_are_refused_by_the_api(client, count):
    for url in (
        "/api/results/counts/",
        f"/api/results/counts/{count.pk}/",
        "/api/results/declared/",
        "/api/results/ballot-sets/",
    ):
        assert client.get(url).status_code == 403


def test_an_unknown_download_format_is_not_found(client_for, rita, count):
    assert client_for(rita).get(reverse("results:count_download", args=[count.pk, "xlsx"])).status_code == 404


def test_a_return_cannot_give_votes_to_someone_not_standing(section, rita, election):
    from tests.factories import CandidateFactory

    stranger = CandidateFactory(display_name="Elsewhere")
    with pytest.raises(ValidationError, match="not standing"):
        services.return_record(
            section=section, user=rita, method="fptp", electorate=10, ballots_issued=10, ballots_returned=9,
            ballots_spoilt=1, ballots_valid=8, votes={stranger.pk: 8},
        )  # fmt: skip
    assert BallotReturn.objects.count() == 0


def test_a_return_is_tallied_only_by_its_own_method(rita, ballot_return):
    with pytest.raises(ValidationError, match="tallied by its own method"):
        services.count_request(user=rita, ballot_return=ballot_return, method="ers97")


def test_the_count_command_refuses_someone_who_is_not_a_returning_officer(ballot_set, alice):
    with pytest.raises(CommandError, match="run a count"):
        call_command("count_ballots", str(ballot_set.pk), "--user", "alice", stdout=io.StringIO())
