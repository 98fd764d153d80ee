"""CSV ballot files (one column per candidate, one row per paper), read by the engine's reader."""

import io

import pytest
from django.urls import reverse

from ballots.results import services
from ballots.results.models import BallotSet

HEADER = "Ann Able,Bob Baker,Cat Cole,Dan Dean,Eve Ennis\n"


def load(section, user, text):
    return services.ballot_set_load(
        section=section, user=user, fileobj=io.BytesIO(text.encode()), filename="papers.csv"
    )


def test_it_loads_a_csv_of_rankings(section, rita):
    ballot_set = load(section, rita, HEADER + "1,2,,,\n,1,2,,\n2,1,3,,\n,,,,\n")
    assert ballot_set.format == "csv"
    assert (ballot_set.ballots_total, ballot_set.ballots_valid, ballot_set.ballots_invalid) == (4, 3, 1)


def test_it_lists_every_broken_row_and_stores_nothing(section, rita):
    with pytest.raises(services.BallotFileRejected) as caught:
        load(section, rita, HEADER + "1,1,,,\n1,2,,,\n,7,,,\n1,2,3,4,5,6\n")
    report = caught.value.report.as_dict()
    assert [p["line"] for p in report["problems"]] == [2, 4, 5]
    assert "rank 1 is given twice" in report["problems"][0]["reason"]
    assert report["invalid_reasons"]["duplicate preference"] == 1
    assert BallotSet.objects.count() == 0


def test_a_csv_set_counts_and_downloads_as_blt(client_for, section, rita):
    ballot_set = load(section, rita, HEADER + "1,2,,,\n,1,2,,\n2,1,3,,\n,,1,,\n3,,1,2,\n")
    count = services.count_request(user=rita, ballot_set=ballot_set)
    count.refresh_from_db()
    assert count.status == "done" and len(count.elected) == 2
    response = client_for(rita).get(reverse("results:ballot_set_download", args=[ballot_set.pk]))
    body = response.content.decode()
    assert body.startswith("5 2\n") and '"Ann Able"' in body
