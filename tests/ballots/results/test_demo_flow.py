"""The demo's story, end to end over the pages: the returning officer loads a synthetic NEC
election into the CLP section (whose ballot is still open), counts it by ERS97 with a 4-women
minimum as a marked trial that cannot be declared, downloads it. The disabled members'
representative (whose ballot has closed) is declared in the demo: the officer orders a recount of
it and declares the recount, in two steps and with a reason, replacing the earlier result; a
member reads the result as it stands and the chain of declarations."""

import html

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ballots.results import demo as results_demo
from ballots.results.models import BallotSet, Count
from elections import demo as elections_demo
from elections.models import Candidate, Section
from tests.ballots.results.test_counts import synth


def test_the_returning_officer_loads_counts_and_declares_and_a_member_reads_it(db, client, sign_in):
    elections_demo.load()
    results_demo.load()
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
    count = Count.objects.get(section=section)
    assert response["Location"] == count.get_absolute_url()
    women = set(Candidate.objects.filter(section=section, gender="woman").values_list("display_name", flat=True))
    assert count.status == "done" and len(count.elected) == 9 and len(women & set(count.elected)) >= 4
    page = client.get(count.get_absolute_url()).content.decode()
    assert "<dt>Turnout</dt><dd>25.0%</dd>" in page
    assert "Trial count." in page and reverse("results:count_declare", args=[count.pk]) not in page
    assert client.get(reverse("results:count_download", args=[count.pk, "txt"])).status_code == 200

    declared = Count.objects.get(section__slug=results_demo.SECTION_SLUG, declared_at__isnull=False)
    response = client.post(
        reverse("results:count_recount", args=[declared.pk]),
        {"method": "ers97", "seats": 1, "min_women": 0, "seed": 1, "reason": "The agent's request"},
    )
    recount = Count.objects.get(recount_of=declared)
    assert response["Location"] == recount.get_absolute_url()
    confirm_url = reverse("results:count_declare", args=[recount.pk])
    assert confirm_url in client.get(recount.get_absolute_url()).content.decode()
    assert recount.result_sha256 in client.get(confirm_url).content.decode()
    response = client.post(
        confirm_url, {"confirm": recount.result_sha256, "reason": "Recounted at the agent's request"}
    )
    assert response.status_code == 302

    assert sign_in("member", elections_demo.DEMO_PASSWORD)
    response = client.get(reverse("results:section", args=["nec-2026", results_demo.SECTION_SLUG]), follow=True)
    page = html.unescape(response.content.decode())
    assert response.redirect_chain[-1][0] == recount.get_absolute_url()
    assert "Declared result." in page and "Recounted at the agent's request" in page
    assert "Declarations of this section" in page
    assert all(f"<li>{name}" in page for name in Count.objects.get(pk=recount.pk).elected)
    response = client.get(reverse("results:section", args=["nec-2026", "clp-section"]), follow=True)
    assert "has not been declared yet" in response.content.decode()
