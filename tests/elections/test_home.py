"""The home page and navigation show each person the way to their own work."""

import datetime as dt

from django.utils import timezone

from ballots.results.models import BallotSet, Count
from tests.factories import CandidateFactory
from tests.hustings.factories import HustingsFactory


def test_a_secretary_finds_their_clp_desk_from_home(client_for, sam, section):
    page = client_for(sam).get("/").content.decode()
    assert 'href="/clps/hackney/office/"' in page
    assert "Manage NEC 2026" not in page


def test_a_returning_officer_finds_the_manage_page_from_home(client_for, rita, section):
    page = client_for(rita).get("/").content.decode()
    assert 'href="/elections/nec-2026/manage/"' in page


def test_a_member_sees_elections_but_no_officer_links(client_for, alice, section):
    page = client_for(alice).get("/").content.decode()
    assert section.get_absolute_url() in page
    assert "/office/" not in page and "/manage/" not in page


def test_pages_are_set_up_for_phones_and_screen_readers(client_for, alice, section):
    page = client_for(alice).get("/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<html lang="en-GB">' in page
    assert 'href="#main"' in page and page.count("<h1") == 1


def test_a_visitor_who_is_not_signed_in_is_told_what_the_site_is_and_how_to_sign_in(client, section):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "The party's NEC elections, in one place" in page
    assert 'href="/accounts/login/?next=/"' in page
    assert "CLP section" in page


def test_a_member_sees_that_nominations_are_open_with_a_link_to_the_tracker(client_for, alice, section):
    page = client_for(alice).get("/").content.decode()
    assert "Nominations are open: NEC 2026 — CLP section" in page
    assert "0 CLPs have nominated so far." in page
    assert 'href="/ballots/nec-2026/clp-section/nominations/"' in page


def test_a_secretary_is_asked_to_record_their_clps_nominations(client_for, sam, section):
    page = client_for(sam).get("/").content.decode()
    assert "Hackney has not nominated yet in CLP section" in page
    assert 'href="/ballots/nec-2026/clp-section/clps/hackney/nominations/"' in page


def test_the_ballot_dates_show_once_nominations_close(client_for, alice, section):
    section.nomination_opens = timezone.now() - dt.timedelta(days=10)
    section.nomination_closes = timezone.now() - dt.timedelta(days=2)
    section.ballot_opens = timezone.now() - dt.timedelta(days=1)
    section.save()
    page = client_for(alice).get("/").content.decode()
    assert "The ballot is open: NEC 2026 — CLP section" in page
    assert "Nominations are open" not in page


def test_a_hustings_open_for_questions_is_next_and_a_live_one_is_now(client_for, alice, section):
    upcoming = HustingsFactory(section=section, title="Evening hustings")
    page = client_for(alice).get("/").content.decode()
    assert "Next hustings: Evening hustings" in page and "Questions are open now." in page
    assert f'href="/hustings/{upcoming.pk}/"' in page
    upcoming.state = "live"
    upcoming.save()
    assert "Hustings live now: Evening hustings" in client_for(alice).get("/").content.decode()


def test_a_declared_result_names_those_elected(client_for, alice, rita, section):
    ballot_set = BallotSet.objects.create(
        section=section, file="x.blt", original_name="x.blt", sha256="0" * 64, size_bytes=1, seats_in_file=9,
        ballots_total=1, ballots_valid=1, distinct_rankings=1, candidate_map=[], loaded_by=rita,
    )  # fmt: skip
    Count.objects.create(
        section=section, ballot_set=ballot_set, method="ers97", seats=9, run_by=rita, status="done",
        elected=["Ann Able", "Bea Bird"], declared_at=timezone.now(), declared_by=rita,
    )  # fmt: skip
    page = client_for(alice).get("/").content.decode()
    assert "Result declared: NEC 2026 — CLP section" in page and "Elected: Ann Able, Bea Bird." in page


def test_a_returning_officer_is_asked_to_declare_a_closed_ballot(client_for, alice, rita, section):
    section.nomination_opens = timezone.now() - dt.timedelta(days=30)
    section.nomination_closes = timezone.now() - dt.timedelta(days=20)
    section.ballot_opens = timezone.now() - dt.timedelta(days=10)
    section.ballot_closes = timezone.now() - dt.timedelta(days=1)
    section.save()
    assert "Count and declare NEC 2026 — CLP section" in client_for(rita).get("/").content.decode()
    assert "Count and declare" not in client_for(alice).get("/").content.decode()


def test_a_candidate_is_asked_to_publish_their_statements(client_for, alice, section):
    CandidateFactory(section=section, user=alice, display_name="Alice A")
    page = client_for(alice).get("/").content.decode()
    assert "Publish your ballot statement and long-form statement" in page
