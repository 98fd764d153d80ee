"""The secretary's form, the public tracker and the staff pages, with every refusal."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ballots.nominations import services
from ballots.nominations.models import Nomination
from tests import factories


def form_url(section, clp):
    return reverse("nominations:clp", args=[section.election.slug, section.slug, clp.slug])


def tracker_url(section, name="nominations:tracker"):
    return reverse(name, args=[section.election.slug, section.slug])


def post_set(client, section, clp, candidates, **extra):
    data = {
        "candidates": [c.pk for c in candidates],
        "meeting_date": "2026-01-10",
        "method": "stv",
        "version": 0,
        **extra,
    }
    return client.post(form_url(section, clp), data)


def test_the_officers_desk_links_to_the_nomination_form(client_for, sam, hackney, section):
    page = client_for(sam).get(reverse("elections:clp_office", args=[hackney.slug])).content.decode()
    assert form_url(section, hackney) in page


def test_a_secretary_submits_the_set_through_the_form(client_for, sam, hackney, section, women):
    response = post_set(client_for(sam), section, hackney, women[:2], **{f"votes_{women[0].pk}": "40"})
    assert response.status_code == 302
    rows = Nomination.objects.filter(status="current").order_by("candidate__display_name")
    assert [(n.candidate.display_name, n.votes) for n in rows] == [("Woman 0", 40), ("Woman 1", None)]


def test_a_refusal_lists_every_reason_and_keeps_the_entered_values(client_for, rita, sam, hackney, section, women, men):
    services.nomination_rules_update(section=section, user=rita, max_per_clp=2, min_women_per_clp=1)
    response = post_set(client_for(sam), section, hackney, men[:3], meeting_date="2026-01-10", method="fptp")
    page = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in page
    assert "at most 2 candidates" in page and "at least 1 must be a woman; this set has no women" in page
    for man in men[:3]:
        assert f'value="{man.pk}" id="cand-{man.pk}" checked' in page
    assert 'value="2026-01-10"' in page and '<option value="fptp" selected>' in page
    assert Nomination.objects.count() == 0


def test_a_missing_date_and_method_are_both_named(client_for, sam, hackney, section, women):
    response = post_set(client_for(sam), section, hackney, women[:1], meeting_date="", method="")
    page = response.content.decode()
    assert "Give the date of the meeting" in page and "Say how the meeting decided" in page


@pytest.mark.parametrize("who", ["alice", "sunita", "rita", "stella"])
def test_others_cannot_open_or_post_the_form(request, client_for, who, hackney, section, women):
    client = client_for(request.getfixturevalue(who))
    assert client.get(form_url(section, hackney)).status_code == 403
    response = post_set(client, section, hackney, women[:1])
    assert response.status_code == 403 and b"Only the secretary or chair of Hackney" in response.content
    assert Nomination.objects.count() == 0


def test_the_form_refuses_after_the_close_and_says_when(client_for, sam, hackney, section, women):
    section.nomination_opens = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    section.nomination_closes = dt.datetime(2026, 6, 17, 11, tzinfo=dt.UTC)  # 12:00 in London (BST)
    section.save()
    response = post_set(client_for(sam), section, hackney, women[:1])
    assert "Nominations for CLP section closed at 12:00 on 17 June 2026" in response.content.decode()


def test_a_correction_through_the_form_needs_a_reason_then_records_it(client_for, sam, hackney, section, women, submit):
    version = submit(sam, hackney, women[:1]).nomination_set.version
    client = client_for(sam)
    refused = post_set(client, section, hackney, women[1:2], version=version)
    assert "give a reason for the correction" in refused.content.decode()
    assert post_set(client, section, hackney, women[1:2], version=version, reason="Wrong box ticked").status_code == 302
    assert Nomination.objects.get(status="current").candidate == women[1]


def test_a_withdrawal_through_the_form(client_for, sam, hackney, section, women, submit):
    version = submit(sam, hackney, women[:2]).nomination_set.version
    url = reverse("nominations:withdraw", args=[section.election.slug, section.slug, hackney.slug])
    client = client_for(sam)
    client.post(url, {"candidates": [women[0].pk], "reason": "", "version": version})
    assert Nomination.objects.filter(status="current").count() == 2  # no reason: refused
    client.post(url, {"candidates": [women[0].pk], "reason": "She withdrew", "version": version})
    assert list(Nomination.objects.filter(status="current").values_list("candidate", flat=True)) == [women[1].pk]


def test_the_tracker_shows_counts_qualification_regions_and_clps(
    client_for, alice, sam, sunita, hackney, leeds, section, women, submit
):
    submit(sam, hackney, women[:2])
    submit(sunita, leeds, women[:1])
    page = client_for(alice).get(tracker_url(section)).content.decode()
    assert 'data-field="clps" data-label="CLP nominations">2</td>' in page
    assert '<title id="chart-title">' in page and "threshold 5" in page
    assert 'data-region="yorkshire" data-label="Yorkshire and the Humber">1</td>' in page
    assert "Leeds Central" in page and "Woman 0; Woman 1" in page
    assert 'aria-live="polite"' in page


def test_the_tracker_is_for_signed_in_people(client, section):
    assert client.get(tracker_url(section)).status_code == 302


def test_the_tracker_csv_lists_each_nomination(client_for, alice, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:2], votes={women[1].pk: 12})
    body = client_for(alice).get(tracker_url(section, "nominations:csv")).content.decode()
    lines = body.strip().splitlines()
    assert lines[0] == "clp,candidate,date,method,votes,region"
    assert lines[2].startswith("Hackney,Woman 1,") and ",stv,12,London" in lines[2]


def test_the_counts_csv(client_for, alice, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    body = client_for(alice).get(tracker_url(section, "nominations:counts_csv")).content.decode()
    assert "Woman 0,Hackney,1,0,no," in body


@pytest.mark.parametrize("name", ["nominations:trail", "nominations:rules", "nominations:import"])
def test_staff_pages_refuse_members_officers_and_other_returning_officers(client_for, alice, sam, otto, section, name):
    for user in (alice, sam, otto):
        assert client_for(user).get(tracker_url(section, name)).status_code == 403


def window(section) -> dict:
    from tests.elections.test_section_settings import local

    return {"nomination_opens": local(section.nomination_opens), "nomination_closes": local(section.nomination_closes)}


def test_the_returning_officer_changes_the_rules(client_for, rita, section):
    data = {
        "max_per_clp": 3,
        "min_women_per_clp": 1,
        "threshold_kind": "percent_of_clps",
        "threshold_value": "5",
        "eligibility_months": 12,
        **window(section),
    }
    assert client_for(rita).post(tracker_url(section, "nominations:rules"), data).status_code == 302
    section.nomination_rules.refresh_from_db()
    assert section.nomination_rules.max_per_clp == 3


def test_bad_rules_are_named(client_for, rita, section):
    data = {
        "max_per_clp": 2,
        "min_women_per_clp": 3,
        "threshold_kind": "clps",
        "threshold_value": "2.5",
        "eligibility_months": 12,
        **window(section),
    }
    page = client_for(rita).post(tracker_url(section, "nominations:rules"), data).content.decode()
    assert "must be a whole number" in page and "cannot exceed the most a CLP may nominate" in page


def test_staff_see_the_trail_with_reasons(client_for, stella, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    submit(sam, hackney, women[1:2], reason="Minutes corrected")
    page = client_for(stella).get(tracker_url(section, "nominations:trail")).content.decode()
    assert "Corrected" in page and "Minutes corrected" in page and "Woman 0 (withdrawn)" in page
    assert "could not check their membership" in page  # the factory candidates have no membership record


def test_the_chart_says_how_many_more_a_candidate_needs(client_for, alice, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    page = client_for(alice).get(tracker_url(section)).content.decode()
    assert "1 (needs 4 more)</text>" in page and "0 (needs 5 more)</text>" in page


def test_the_section_page_links_to_the_tracker(client_for, alice, section):
    page = client_for(alice).get(section.get_absolute_url()).content.decode()
    assert tracker_url(section) in page


@pytest.mark.parametrize(
    "setup, chosen, expected",
    [
        ("withdrawn", [0], "has withdrawn from the contest"),
        ("too_many", list(range(12)), "at most 9 candidates"),
        ("none", [], "Choose at least one candidate"),
        ("early", [0], "Nominations for CLP section open at"),
        ("future_meeting", [0], "is in the future"),
    ],
)
def test_each_rule_is_refused_on_the_page(client_for, sam, hackney, section, women, men, setup, chosen, expected):
    everyone = women + men
    extra = {}
    if setup == "withdrawn":
        women[0].withdrawn = True
        women[0].save()
    if setup == "early":
        section.nomination_opens = section.nomination_closes - dt.timedelta(hours=1)
        section.save()
    if setup == "future_meeting":
        extra["meeting_date"] = "2099-01-01"
    client = client_for(sam)
    data = {
        "candidates": [everyone[i].pk for i in chosen],
        "meeting_date": "2026-01-10",
        "method": "stv",
        "version": 0,
        **extra,
    }
    response = client.post(form_url(section, hackney), data)
    assert response.status_code == 400 and expected in response.content.decode()
    assert Nomination.objects.count() == 0


def test_staff_download_the_trail(client_for, stella, alice, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    submit(sam, hackney, women[1:2], reason="Minutes corrected")
    url = tracker_url(section, "nominations:trail_csv")
    assert client_for(alice).get(url).status_code == 403
    lines = client_for(stella).get(url).content.decode().strip().splitlines()
    assert lines[0] == "made_at,clp,action,source,made_by,reason,effect,candidate,status_now"
    assert [line.split(",", 1)[1] for line in lines[1:]] == [
        "Hackney,submitted,page,sam,,added,Woman 0,withdrawn",
        "Hackney,corrected,page,sam,Minutes corrected,added,Woman 1,current",
        "Hackney,corrected,page,sam,Minutes corrected,ended,Woman 0,withdrawn",
    ]


def test_a_malformed_date_is_named_in_the_summary_and_nothing_is_recorded(client_for, sam, hackney, section, women):
    response = post_set(client_for(sam), section, hackney, women[:1], meeting_date="31/02/2026x")
    assert response.status_code == 400
    assert "Date of the nominating meeting: Enter a valid date." in response.content.decode()
    assert Nomination.objects.count() == 0


def test_the_clp_list_can_be_narrowed_to_a_region(
    client_for, alice, sam, sunita, hackney, leeds, section, women, submit
):
    submit(sam, hackney, women[:1])
    submit(sunita, leeds, women[:1])
    page = client_for(alice).get(tracker_url(section), {"region": "yorkshire"}).content.decode()
    clps = page[page.index('id="clps-body"') :]
    assert 'data-clp="leeds-central"' in clps and 'data-clp="hackney"' not in clps
    assert '<option value="yorkshire" selected>' in page
    everything = client_for(alice).get(tracker_url(section), {"region": "atlantis"}).content.decode()
    assert 'data-clp="hackney"' in everything  # an unknown region shows them all


def test_a_reason_that_looks_like_a_formula_is_defused_in_the_trail_csv(
    client_for, stella, sam, hackney, section, women, submit
):
    submit(sam, hackney, women[:1])
    submit(sam, hackney, women[1:2], reason='=HYPERLINK("http://evil")')
    body = client_for(stella).get(tracker_url(section, "nominations:trail_csv")).content.decode()
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_a_closed_window_disables_the_form_and_says_why(client_for, sam, hackney, section, women):
    section.nomination_opens = timezone.now() - dt.timedelta(days=20)
    section.nomination_closes = timezone.now() - dt.timedelta(days=1)
    section.save()
    page = client_for(sam).get(form_url(section, hackney)).content.decode()
    assert "<strong>Closed.</strong> Nominations for CLP section closed at" in page
    assert "nothing can be recorded, amended or withdrawn now." in page
    assert '<fieldset class="plain" disabled aria-describedby="closed-reason">' in page


def test_an_open_window_leaves_the_form_enabled(client_for, sam, hackney, section, women):
    page = client_for(sam).get(form_url(section, hackney)).content.decode()
    assert "Closed." not in page and " disabled aria-describedby" not in page


def test_the_form_shows_each_candidates_gender_when_the_rule_needs_it(
    client_for, rita, sam, hackney, section, women, men
):
    unknown = factories.CandidateFactory(section=section, home_clp=hackney, display_name="Sam Unsaid", gender="")
    client = client_for(sam)
    assert 'data-label="Gender"' not in client.get(form_url(section, hackney)).content.decode()
    services.nomination_rules_update(section=section, user=rita, min_women_per_clp=2)
    page = client.get(form_url(section, hackney)).content.decode()
    assert page.count('<td data-label="Gender">Woman</td>') == len(women)
    assert page.count('<td data-label="Gender">Man</td>') == len(men)
    assert "Not given: not counted as a woman" in page
    assert f'value="{women[0].pk}" id="cand-{women[0].pk}" data-woman="1"' in page
    assert f'value="{unknown.pk}" id="cand-{unknown.pk}">' in page
    assert 'data-min-women="2"' in page
