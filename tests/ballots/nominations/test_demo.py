"""The demo has nominations flowing in from many CLPs, recorded through the services.
(Each test loads the demo, which takes a few seconds, so the checks are grouped.)"""

from django.core.management import call_command

from ballots.nominations import selectors
from ballots.nominations.models import Nomination, NominationChange
from elections.demo import DEMO_PASSWORD
from elections.models import Section


def load():
    call_command("load_demo")
    return Section.objects.get(election__slug="nec-2026", slug="clp-section")


def test_the_demo_has_many_clps_nominating_inside_the_window_with_a_correction(db):
    demo = load()
    state = selectors.tracker(demo)
    assert state["clps_nominated"] >= 150
    qualified = [c for c in state["candidates"] if c["qualified"]]
    short = [c for c in state["candidates"] if not c["qualified"]]
    assert len(qualified) >= 9 and 1 <= len(short) <= 6
    assert all(c["clps"] < 5 for c in short)
    assert {"fptp", "stv", "uncontested"} <= set(Nomination.objects.values_list("method", flat=True))
    assert "minutes" in NominationChange.objects.get(action="corrected").reason
    assert "inquorate" in NominationChange.objects.get(action="withdrawn").reason
    times = NominationChange.objects.values_list("made_at", flat=True)
    assert all(demo.nomination_opens <= t < demo.nomination_closes for t in times)


def test_loading_the_demo_again_adds_no_nominations(db):
    load()
    before = (Nomination.objects.count(), NominationChange.objects.count())
    call_command("load_demo")
    assert (Nomination.objects.count(), NominationChange.objects.count()) == before


def test_the_demo_pages_work_for_the_demo_logins(db, client, sign_in, django_assert_max_num_queries):
    load()
    assert not Nomination.objects.filter(clp__slug="hackney").exists()  # left for the demo secretary
    assert sign_in("secretary", DEMO_PASSWORD)
    page = client.get("/ballots/nec-2026/clp-section/clps/hackney/nominations/")
    assert page.status_code == 200 and b"Submit the nominations" in page.content
    assert sign_in("member", DEMO_PASSWORD)
    with django_assert_max_num_queries(20):
        tracker = client.get("/ballots/nec-2026/clp-section/nominations/")
    assert tracker.status_code == 200 and b"Catherine Doyle" in tracker.content
