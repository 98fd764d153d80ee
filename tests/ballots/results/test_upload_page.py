"""The upload page: a report for every refusal, a size limit that points to the command."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ballots.results.models import BallotSet
from tests.ballots.results.factories import blt

NAMES = ["Ann Able", "Bob Baker", "Cat Cole", "Dan Dean", "Eve Ennis"]


def url(section):
    return reverse("results:upload", args=[section.election.slug, section.slug])


def test_the_returning_officer_loads_a_file_and_sees_its_report(client_for, rita, section, good_blt):
    response = client_for(rita).post(
        url(section), {"file": SimpleUploadedFile("n.blt", good_blt), "mapping": "name"}, follow=True
    )
    ballot_set = BallotSet.objects.get()
    assert response.redirect_chain[-1][0] == ballot_set.get_absolute_url()
    page = response.content.decode()
    assert ballot_set.sha256 in page and "Loaded 17 ballots" in page


def test_a_broken_file_shows_every_broken_line_and_stores_nothing(client_for, rita, section):
    data = blt(NAMES, ["1 1 1 0", "2 1 0", "1 7 0"])
    response = client_for(rita).post(url(section), {"file": SimpleUploadedFile("b.blt", data), "mapping": "name"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "The file was not loaded" in page and "Nothing was stored" in page
    assert '<td class="num">2</td><td>candidate 1 appears twice on one ballot</td>' in page
    assert "unknown candidate 7" in page
    assert BallotSet.objects.count() == 0


def test_a_file_over_the_web_limit_is_refused_with_the_command_to_use(client_for, rita, section, settings, good_blt):
    settings.RESULTS_UPLOAD_MAX_BYTES = 10
    big = good_blt + b"#" * (70 * 1024)
    response = client_for(rita).post(url(section), {"file": SimpleUploadedFile("big.blt", big), "mapping": "name"})
    assert response.status_code == 413
    assert f"python manage.py load_ballots {section.pk} FILE --user" in response.content.decode()
    assert BallotSet.objects.count() == 0


def test_members_cannot_open_the_upload_page(client_for, alice, section):
    response = client_for(alice).get(url(section))
    assert response.status_code == 403
    assert "Only the returning officers of NEC 2026 and staff can load ballots" in response.content.decode()


def test_a_returning_officer_of_another_election_cannot_upload(client_for, otto, section, good_blt):
    response = client_for(otto).post(url(section), {"file": SimpleUploadedFile("n.blt", good_blt), "mapping": "name"})
    assert response.status_code == 403
    assert BallotSet.objects.count() == 0


def test_signed_out_visitors_are_sent_to_sign_in(client, section):
    response = client.get(url(section))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
