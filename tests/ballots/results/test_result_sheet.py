"""The result sheet and its downloads, and who may see them before and after declaration."""

import io
import json

import pytest
from django.urls import reverse

from ballots.results import services
from elections.models import AuditEntry
from tests.ballots.results.factories import blt, declare, small_section


def sheet(client, count):
    return client.get(reverse("results:count", args=[count.pk]))


def test_the_returning_officer_reads_the_sheet_before_declaration(client_for, rita, count):
    response = sheet(client_for(rita), count)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not declared." in page
    assert "<dt>Quota</dt><dd>5.67</dd>" in page
    assert "<dt>Electorate</dt><dd>40</dd>" in page and "<dt>Turnout</dt><dd>42.5%</dd>" in page
    assert "<dt>Seed for ties by lot</dt><dd>7</dd>" in page
    woman = ' <span class="tag tag-woman">woman</span>'
    for name in count.elected:  # Ann, Cat and Eve are women (tests/ballots/results/factories.py)
        assert f"<li>{name}{woman if name in {'Ann Able', 'Cat Cole', 'Eve Ennis'} else ''}</li>" in page
    assert page.count('<th scope="col">Stage ') == len(json.loads(count.result_json)["stages"])
    assert "Declare this count as the result" in page


def test_the_chart_is_titled_described_and_readable_without_colour(client_for, rita, count):
    page = sheet(client_for(rita), count).content.decode()
    assert '<title id="chart-title">' in page and '<desc id="chart-desc">' in page
    assert 'fill="url(#chart-hatch)"' in page  # elected bars are hatched, not coloured
    assert "stroke-dasharray" in page  # the quota line
    assert page.count("★ Elected") == 4  # two seats, drawn in the wide chart and in the phone chart


def test_the_sheet_shows_where_the_gender_minimum_acted(client_for, rita, election):
    import io

    from tests.ballots.results.factories import blt, small_section

    section = small_section(election, seats=2, min_women=1)
    # Bob and Dan lead; the one woman needed must come from Ann, Cat or Eve.
    data = blt(
        ["Ann Able", "Bob Baker", "Cat Cole", "Dan Dean", "Eve Ennis"], ["10 2 0", "9 4 0", "3 1 0", "2 3 0", "1 5 0"]
    )
    ballot_set = services.ballot_set_load(section=section, user=rita, fileobj=io.BytesIO(data), filename="g.blt")
    count = services.count_request(user=rita, ballot_set=ballot_set)
    count.refresh_from_db()
    assert count.elected[0] == "Bob Baker" and "Ann Able" in count.elected and "Dan Dean" not in count.elected
    page = sheet(client_for(rita), count).content.decode()
    assert "Where the rules acted" in page
    assert (
        "Stage 2: Gender quota: 1 place left and 1 more woman needed, so no man can now be elected; Dan Dean excluded"
        in page
    )


def test_a_member_cannot_see_an_undeclared_count(client_for, alice, count):
    response = sheet(client_for(alice), count)
    assert response.status_code == 403
    assert "has not been declared" in response.content.decode()


def test_a_returning_officer_of_another_election_cannot_see_an_undeclared_count(client_for, otto, count):
    assert sheet(client_for(otto), count).status_code == 403


def test_a_member_sees_the_declared_result(client_for, rita, alice, count):
    declare(rita, count)
    response = sheet(client_for(alice), count)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Declared result." in page
    assert "Declare this count" not in page and "Order a recount" not in page


def test_someone_without_membership_cannot_see_even_a_declared_result(client_for, rita, nobody, count):
    declare(rita, count)
    response = sheet(client_for(nobody), count)
    assert response.status_code == 403
    assert "no membership record" in response.content.decode()


def test_the_section_page_sends_members_to_the_declared_result(client_for, rita, alice, count):
    url = reverse("results:section", args=[count.section.election.slug, count.section.slug])
    assert "has not been declared yet" in client_for(alice).get(url).content.decode()
    declare(rita, count)
    assert client_for(alice).get(url)["Location"] == count.get_absolute_url()


@pytest.mark.parametrize("fmt, content_type, expect", [
    ("csv", "text/csv", "candidate,stage 1,stage 2"),
    ("json", "application/json", '"quota": "5.67"'),
    ("txt", "text/plain", "Quota: 5.67"),
])  # fmt: skip
def test_the_result_downloads(client_for, rita, count, fmt, content_type, expect):
    response = client_for(rita).get(reverse("results:count_download", args=[count.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert expect in response.content.decode()
    assert AuditEntry.objects.filter(action="count.downloaded", details__format=fmt).exists()


def test_the_json_download_is_the_stored_result_byte_for_byte(client_for, rita, count):
    response = client_for(rita).get(reverse("results:count_download", args=[count.pk, "json"]))
    assert response.content == count.result_json.encode()


def test_the_ballot_file_downloads_as_loaded(client_for, rita, ballot_set, good_blt):
    response = client_for(rita).get(reverse("results:ballot_set_download", args=[ballot_set.pk]))
    assert b"".join(response.streaming_content) == good_blt


def test_members_cannot_download_the_ballot_file(client_for, rita, alice, count):
    declare(rita, count)
    assert client_for(alice).get(reverse("results:ballot_set_download", args=[count.ballot_set_id])).status_code == 403


def test_members_cannot_download_an_undeclared_result(client_for, alice, count):
    assert client_for(alice).get(reverse("results:count_download", args=[count.pk, "csv"])).status_code == 403


def test_the_status_endpoint_reports_progress(client_for, rita, count):
    data = client_for(rita).get(reverse("results:count_status", args=[count.pk])).json()
    assert data == {"status": "done", "progress": 100, "progress_text": "Done", "error": ""}


def test_a_running_count_page_refreshes_without_javascript(client_for, rita, count):
    type(count).objects.filter(pk=count.pk).update(status="running", progress=50, progress_text="Counting")
    page = sheet(client_for(rita), count).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in page and 'aria-live="polite"' in page
    assert "count_progress.js" in page


def test_the_json_download_is_the_engines_json_report(client_for, rita, count):
    from ballots.counting import report
    from ballots.results.resultdata import result_from_json

    response = client_for(rita).get(reverse("results:count_download", args=[count.pk, "json"]))
    assert response.content.decode() == report.to_json(result_from_json(count.result_json))


def test_the_sheet_of_a_scrutineers_return_shows_its_figures(client_for, rita, section):
    ids = list(section.candidates.order_by("display_name").values_list("pk", flat=True))
    ret = services.return_record(
        section=section, user=rita, method="fptp", electorate=1000, ballots_issued=900, ballots_returned=800,
        ballots_spoilt=20, ballots_valid=780, votes=dict(zip(ids, [300, 200, 180, 60, 40])),
    )  # fmt: skip
    count = services.count_request(user=rita, ballot_return=ret)
    page = sheet(client_for(rita), count).content.decode()
    assert "<dt>Ballots issued</dt><dd>900</dd>" in page and "<dt>Turnout</dt><dd>80.0%</dd>" in page
    assert "<dt>Spoilt or invalid</dt><dd>20</dd>" in page
    assert '<li>Ann Able <span class="tag tag-woman">woman</span></li>' in page and "<li>Bob Baker</li>" in page


def test_the_results_index_lists_declared_results_and_the_sections_you_count(client_for, rita, alice, count):
    url = reverse("results:index")
    assert "No result has been declared yet." in client_for(alice).get(url).content.decode()
    page = client_for(rita).get(url).content.decode()
    assert "Sections you count" in page and str(count.section) in page
    declare(rita, count)
    page = client_for(alice).get(url).content.decode()
    assert count.get_absolute_url() in page and "Sections you count" not in page


def test_the_sheet_writes_thousands_with_separators_and_labels_cells_for_phones(client_for, rita, election, settings):
    section = small_section(election, seats=1, min_women=0)
    data = blt(
        [c.display_name for c in section.candidates.order_by("display_name")], ["12000 1 0", "8000 2 0"], seats=1
    )
    ballot_set = services.ballot_set_load(section=section, user=rita, fileobj=io.BytesIO(data), filename="big.blt")
    count = services.count_request(user=rita, ballot_set=ballot_set, seed=1)
    page = client_for(rita).get(count.get_absolute_url()).content.decode()
    assert "<dt>Valid votes counted</dt><dd>20,000" in page
    assert '<td class="num elected" data-label="Stage 1">12,000.00 E</td>' in page
    assert "12000" not in page.replace(ballot_set.sha256, "")
    assert "<dt>Method</dt><dd>STV: ERS97 (Electoral Reform Society" in page
    assert 'class="chart phone-chart"' in page and 'class="chart chart"' in page
