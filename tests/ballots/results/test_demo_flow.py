"""The demo's story, end to end over the pages: the returning officer loads a synthetic NEC
election, counts it by ERS97 with a 4-women minimum, downloads and declares; a member reads it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ballots.results.models import BallotSet, Count
from elections import demo as elections_demo
from elections.models import Candidate, Section
from tests.ballots.results.test_counts import synth


def test_the_returning_officer_loads_counts_and_declares_and_a_member_reads_it(db, client, sign_in):
    elections_demo.load()
    section = Section.objects.get(election__slug="nec-2026", slug="clp-section")
    assert sign_in("returning", elections_demo.DEMO_PASSWORD)

    upload = reverse("results:upload", args=["nec-2026", "clp-section"])
    data = {"file": SimpleUploadedFile("nec.blt", synth(5000)), "mapping": "position", "electorate": 20000}
    response = client.post(upload, data, follow=True)
    ballot_set = BallotSet.objects.get(section=section)
    assert "Candidate 01" in response.content.decode() and "Ayesha Rahman" in response.content.decode()

    response = client.post(
        reverse("results:count_create", args=[ballot_set.pk]),
        {"method": "ers97", "seats": 9, "min_women": 4, "seed": 1},
    )
    count = Count.objects.get()
    assert response["Location"] == count.get_absolute_url()
    women = set(Candidate.objects.filter(section=section, gender="woman").values_list("display_name", flat=True))
    assert count.status == "done" and len(count.elected) == 9 and len(women & set(count.elected)) >= 4
    page = client.get(count.get_absolute_url()).content.decode()
    assert "<dt>Turnout</dt><dd>25.0%</dd>" in page
    assert client.get(reverse("results:count_download", args=[count.pk, "txt"])).status_code == 200
    client.post(reverse("results:count_declare", args=[count.pk]))

    assert sign_in("member", elections_demo.DEMO_PASSWORD)
    response = client.get(reverse("results:section", args=["nec-2026", "clp-section"]), follow=True)
    page = response.content.decode()
    assert "Declared result." in page
    assert all(f"<li>{name}" in page for name in count.elected)
