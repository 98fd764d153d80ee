"""The voting pages: casting with a review step, refusals beside the control, the officers' pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ballots.nominations.models import Nomination
from ballots.voting import services
from ballots.voting.models import BallotPaper, OnlineBallot
from tests.ballots.voting.helpers import text


def ranks(people, *names):
    return {f"rank-{people[n].pk}": str(i) for i, n in enumerate(names, start=1)}


def url(name, ballot, *more):
    return reverse(f"voting:{name}", args=[ballot.pk, *more])


def test_a_member_sees_the_paper_with_a_numbered_choice_per_candidate(client_for, hackney_ballot, alice, people):
    page = client_for(alice).get(url("ballot", hackney_ballot))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<select name="rank-') == 6
    assert f'<label for="rank-{people["ann"].pk}" class="name">Ann Adams</label>' in html
    assert "Ann Adams’s ballot statement" in html
    assert "0 of 6 members have voted" in text(html)


def test_the_alphabetical_order_is_by_surname(client_for, hackney_ballot, alice, people, section, hackney):
    from tests import factories

    late = factories.CandidateFactory(section=section, display_name="Zed Aaronson", slug="zed", home_clp=hackney)
    hackney_ballot.candidate_ids = [*hackney_ballot.candidate_ids, late.pk]
    hackney_ballot.save()
    html = client_for(alice).get(url("ballot", hackney_ballot)).content.decode()
    order = re.findall(r'class="name">([^<]+)</label>', html)
    assert order == ["Zed Aaronson", "Ann Adams", "Beth Brown", "Cara Cole", "Dan Dyer", "Eli Evans", "Fred Ford"]


def test_a_member_of_another_clp_sees_exactly_why_they_cannot_vote(client_for, hackney_ballot, sunita):
    page = client_for(sunita).get(url("ballot", hackney_ballot))
    assert page.status_code == 200
    assert "You cannot vote in this ballot" in page.content.decode()
    assert "This ballot is for members of Hackney; your membership is with Leeds Central." in page.content.decode()
    assert '<select name="rank-' not in page.content.decode()


def test_the_review_shows_what_will_be_cast_and_carries_it_on(client_for, hackney_ballot, alice, people):
    page = client_for(alice).post(url("review", hackney_ballot), ranks(people, "cara", "ann"))
    html = page.content.decode()
    assert page.status_code == 200
    assert re.findall(r"Preference \d: </span>([^<]+)</li>", html) == ["Cara Cole", "Ann Adams"]
    assert f'name="rank-{people["cara"].pk}" value="1"' in html and f'name="rank-{people["ann"].pk}" value="2"' in html
    assert "Cast my vote" in html
    assert "no-store" in page["Cache-Control"]
    assert not BallotPaper.objects.exists()


@pytest.mark.parametrize(
    "marks, message",
    [
        (
            lambda p: {f"rank-{p['ann'].pk}": "1", f"rank-{p['dan'].pk}": "1"},
            "You gave the number 1 to Ann Adams and Dan Dyer: use each number once.",
        ),
        (
            lambda p: {f"rank-{p['ann'].pk}": "1", f"rank-{p['dan'].pk}": "3"},
            "Your numbers skip 2: number your choices 1, 2, 3 and so on, without gaps.",
        ),
        (
            lambda p: {f"rank-{p['ann'].pk}": "99999999999"},
            "Use the numbers 1 to 6 for your preferences; “999999” beside Ann Adams is not one.",
        ),
    ],
    ids=["twice", "gap", "out-of-range"],
)
def test_a_mis_marked_paper_comes_back_with_the_reason_beside_the_button(
    client_for, hackney_ballot, alice, people, marks, message
):
    page = client_for(alice).post(url("review", hackney_ballot), marks(people))
    assert page.status_code == 422
    html = page.content.decode()
    assert f'<p class="refusal" role="alert" id="paper-refusal">{message}</p>' in html.replace("&#x27;", "'")
    assert html.index('id="paper-refusal"') < html.index("Review my vote</button>")
    if "1" in marks(people).values():
        assert 'option value="1" selected' in html  # the marks are given back as they were


def test_casting_shows_the_receipt_once_and_stores_only_its_hash(client_for, hackney_ballot, alice, people):
    client = client_for(alice)
    page = client.post(url("cast", hackney_ballot), ranks(people, "beth"))
    html = page.content.decode()
    assert page.status_code == 200 and "Your vote has been cast" in html
    code = re.search(r'<p class="code" id="receipt-code">([0-9A-Z-]+)</p>', html).group(1)
    assert "no-store" in page["Cache-Control"]
    paper = BallotPaper.objects.get()
    assert code not in str(paper.__dict__) and paper.receipt_hash in html
    assert "You have voted in this ballot" in client.get(url("ballot", hackney_ballot)).content.decode()


def test_a_second_cast_is_refused_on_the_review_page(client_for, hackney_ballot, alice, people):
    client = client_for(alice)
    client.post(url("cast", hackney_ballot), ranks(people, "beth"))
    page = client.post(url("cast", hackney_ballot), ranks(people, "dan"))
    assert page.status_code == 409
    assert (
        "You have already voted in this ballot: each member votes once, and your ballot is in the box."
        in page.content.decode()
    )
    assert "Cast my vote</button>" not in page.content.decode()
    assert BallotPaper.objects.count() == 1


def test_casting_is_refused_to_a_member_not_on_the_electorate(client_for, hackney_ballot, sunita, nobody, people):
    for user in (sunita, nobody):
        for step in ("review", "cast"):
            page = client_for(user).post(url(step, hackney_ballot), ranks(people, "ann"))
            assert page.status_code == 403
    assert (
        "your membership is with Leeds Central"
        in client_for(sunita).post(url("cast", hackney_ballot), {}).content.decode()
    )
    assert not BallotPaper.objects.exists()


def test_casting_after_the_close_is_refused_on_the_page(client_for, hackney_ballot, alice, sam, people):
    services.online_ballot_close(ballot=hackney_ballot, user=sam)
    page = client_for(alice).post(url("cast", hackney_ballot), ranks(people, "ann"))
    assert page.status_code == 409
    assert "This ballot closed at" in page.content.decode()


def test_casting_before_the_opening_is_refused_on_the_page(client_for, open_clp_ballot, sam, alice, people, now):
    ballot = open_clp_ballot(sam, opens_at=now + dt.timedelta(hours=1))
    page = client_for(alice).post(url("review", ballot), ranks(people, "ann"))
    assert page.status_code == 409
    assert "This ballot opens at" in page.content.decode()


def test_nobody_sees_the_papers_before_the_close(client_for, hackney_ballot, alice, sam, rita, people, cast):
    cast(hackney_ballot, alice, [people["ann"]])
    for user in (alice, sam, rita):
        for name in ("papers", "papers_blt", "papers_csv", "result"):
            page = client_for(user).get(url(name, hackney_ballot))
            assert page.status_code == 409, (user, name)
            assert "when the ballot closes, at" in page.content.decode()
    manage = client_for(sam).get(url("manage", hackney_ballot)).content.decode()
    assert "1 of 6 members has voted" in text(manage)
    assert "Ann Adams</li>" in manage and "Ann Adams: 1" not in manage


def test_only_the_officers_reach_the_pages_that_run_it(client_for, hackney_ballot, alice, sunita, rita):
    for user in (alice, sunita, rita):
        for name in ("manage", "close", "record"):
            assert client_for(user).get(url(name, hackney_ballot)).status_code == 403
        for name in ("count", "add_voter", "issue_code"):
            assert client_for(user).post(url(name, hackney_ballot), {}).status_code == 403


def test_closing_asks_first_then_seals_and_counts(client_for, hackney_ballot, sam, alice, chris, people, cast):
    cast(hackney_ballot, alice, [people["ann"], people["cara"]])
    cast(hackney_ballot, chris, [people["cara"], people["ann"]])
    client = client_for(sam)
    ask = client.get(url("close", hackney_ballot))
    assert "Close this ballot?" in ask.content.decode() and "cannot be reopened" in ask.content.decode()
    assert client.post(url("close", hackney_ballot), {}).status_code == 200  # no confirmation: asks again
    assert OnlineBallot.objects.get().state == "open"
    done = client.post(url("close", hackney_ballot), {"confirm": "yes"})
    assert done.status_code == 302 and done["Location"] == url("manage", hackney_ballot)
    ballot = OnlineBallot.objects.get()
    assert ballot.state == "counted" and set(ballot.elected_ids) == {people["ann"].pk, people["cara"].pk}
    assert client_for(alice).get(url("result", ballot)).status_code == 200


def test_recording_asks_first_and_lands_on_the_clps_nominations(
    client_for, hackney_ballot, sam, alice, people, cast, section
):
    cast(hackney_ballot, alice, [people["ann"], people["cara"]])
    services.online_ballot_close(ballot=hackney_ballot, user=sam)
    services.online_ballot_count_clp(ballot=hackney_ballot, user=sam)
    client = client_for(sam)
    ask = client.get(url("record", hackney_ballot)).content.decode()
    assert "Record these as Hackney's nominations?" in ask.replace("&#x27;", "'")
    assert not Nomination.objects.exists()
    done = client.post(url("record", hackney_ballot), {"confirm": "yes"})
    assert done.status_code == 302
    assert done["Location"] == reverse("nominations:clp", args=[section.election.slug, section.slug, "hackney"])
    trail = client.get(done["Location"]).content.decode()
    assert "Members&#x27; online ballot" in trail and url("result", hackney_ballot) in trail


def test_a_clp_ballot_is_checked_then_confirmed_before_it_opens(client_for, sam, alice, chris, people, section, now):
    new = reverse("voting:new_clp", args=["hackney", section.election.slug, section.slug])
    assert client_for(alice).get(new).status_code == 403
    client = client_for(sam)
    assert client.get(new).status_code == 200
    closes = timezone.localtime(now + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    form = {"places": "2", "method": "ers97", "mode": "online", "candidate_order": "rotated", "closes_at": closes,
            "candidates": [str(c.pk) for c in people.values()]}  # fmt: skip
    check = client.post(new, form)
    assert check.status_code == 200 and "Open this ballot?" in check.content.decode()
    assert "3 members" in check.content.decode()  # alice, sam, chris
    assert not OnlineBallot.objects.exists()
    opened = client.post(new, {**form, "confirm": "yes"})
    ballot = OnlineBallot.objects.get()
    assert opened["Location"] == url("manage", ballot)
    assert ballot.candidate_order == "rotated" and ballot.electorate_size == 3


def test_a_clp_ballot_the_rules_refuse_comes_back_with_the_reasons(client_for, sam, people, section, now):
    new = reverse("voting:new_clp", args=["hackney", section.election.slug, section.slug])
    closes = timezone.localtime(section.nomination_closes + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    page = client_for(sam).post(
        new, {"places": "2", "method": "av", "mode": "online", "candidate_order": "alphabetical", "closes_at": closes,
              "candidates": [str(people["ann"].pk)]},
    )  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 422
    assert "The alternative vote fills one place: choose STV to nominate more than one candidate." in html
    assert "A ballot for 2 places needs at least 3 candidates; only 1 candidate is on it." in html
    assert "so its result can be recorded." in html
    assert not OnlineBallot.objects.exists()


def test_a_late_addition_needs_a_reason_and_the_rules(client_for, hackney_ballot, sam, sunita, hackney):
    from tests import factories

    restored = factories.MemberFactory(
        user__username="rob", user__first_name="Rob", user__last_name="Reid", clp=hackney
    )
    client = client_for(sam)
    add = url("add_voter", hackney_ballot)
    page = client.post(add, {"membership_number": restored.membership_number, "reason": ""})
    assert page.status_code == 422
    page = client.post(add, {"membership_number": sunita.member.membership_number, "reason": "asked"})
    assert page.status_code == 422
    assert (
        f"{sunita.get_full_name()} cannot be added: This ballot is for members of Hackney; {sunita.get_full_name()}'s membership is with Leeds Central."
        in text(page)
    )
    page = client.post(add, {"membership_number": "nope", "reason": "asked"})
    assert "No member has that membership number." in page.content.decode()
    done = client.post(
        add, {"membership_number": restored.membership_number, "reason": "Restored to good standing on 1 July."}
    )
    assert done.status_code == 302
    hackney_ballot.refresh_from_db()
    assert hackney_ballot.electorate_size == 7
    again = client.post(add, {"membership_number": restored.membership_number, "reason": "again"})
    assert again.status_code == 409 and "Rob Reid is already on the electorate." in again.content.decode()


def test_a_meeting_vote_on_the_shared_device(client, client_for, open_clp_ballot, sam, alice, people):
    ballot = open_clp_ballot(sam, mode=OnlineBallot.Mode.MEETING)
    issued = client_for(sam).post(url("issue_code", ballot), {"membership_number": alice.member.membership_number})
    code = re.search(r'<p class="code">([0-9A-Z-]+)</p>', issued.content.decode()).group(1)
    client.logout()
    assert client.get(url("booth", ballot)).status_code == 200
    wrong = client.post(url("booth", ballot), {"code": "AAAA-AAAA-AAAA-AAAA-AAAA"})
    assert wrong.status_code == 403
    paper = client.post(url("booth", ballot), {"code": code})
    assert paper.status_code == 200 and '<select name="rank-' in paper.content.decode()
    review = client.post(url("booth_review", ballot), {"code": code, **ranks(people, "dan")})
    assert "Cast my vote" in review.content.decode()
    done = client.post(url("booth_cast", ballot), {"code": code, **ranks(people, "dan")})
    assert "Your vote has been cast" in done.content.decode() and "Done: next voter" in done.content.decode()
    again = client.post(url("booth", ballot), {"code": code})
    assert again.status_code == 409 and "You have already voted" in again.content.decode()
    online = client_for(alice).post(url("review", ballot), ranks(people, "dan"))
    assert online.status_code == 409


def test_an_online_only_ballot_has_no_meeting_codes(client_for, hackney_ballot, sam, alice):
    page = client_for(sam).post(
        url("issue_code", hackney_ballot), {"membership_number": alice.member.membership_number}
    )
    assert page.status_code == 409
    assert "This ballot is online only: members vote from their own accounts." in page.content.decode()


def test_first_past_the_post_and_block_papers(client_for, open_clp_ballot, sam, alice, people):
    fptp = open_clp_ballot(sam, method="fptp", places=1)
    html = client_for(alice).get(url("ballot", fptp)).content.decode()
    assert html.count('type="radio" name="choice"') == 6 and "Choose one candidate" in html
    services.online_ballot_close(ballot=fptp, user=sam)
    block = open_clp_ballot(sam, method="block", places=2)
    client = client_for(alice)
    html = client.get(url("ballot", block)).content.decode()
    assert html.count('type="checkbox" name="choice"') == 6 and "Choose up to 2 candidates" in html
    too_many = client.post(url("review", block), {"choice": [str(people[n].pk) for n in ("ann", "beth", "cara")]})
    assert too_many.status_code == 422
    assert (
        "You can vote for up to 2 candidates; you chose 3. Untick some before you go on." in too_many.content.decode()
    )
    assert too_many.content.decode().count(" checked aria-describedby") == 3  # the ticks are given back


def test_a_recording_the_rules_refuse_stays_on_the_confirmation_with_the_reasons(
    client_for, hackney_ballot, sam, alice, people, cast, section, now
):
    cast(hackney_ballot, alice, [people["ann"], people["cara"]])
    services.online_ballot_close(ballot=hackney_ballot, user=sam)
    services.online_ballot_count_clp(ballot=hackney_ballot, user=sam)
    section.nomination_closes = timezone.now() - dt.timedelta(seconds=1)
    section.ballot_opens = section.nomination_closes
    section.save()
    page = client_for(sam).post(url("record", hackney_ballot), {"confirm": "yes"})
    assert page.status_code == 422
    assert "The nominations were not recorded:" in page.content.decode()
    assert "Nominations for CLP section closed at" in page.content.decode()
    assert not Nomination.objects.exists()


def test_closing_a_section_ballot_before_its_time_is_refused_on_the_page(client_for, rita, election, hackney, now):
    from tests import factories

    section = factories.SectionFactory(election=election, slug="s2", name="Treasurer", seats=1, min_women=0)
    ballot = OnlineBallot.objects.create(
        kind="section", section=section, title="Treasurer", method="av", places=1, opened_by=rita, candidate_ids=[]
    )  # as if opened; the service path is in test_section_ballot
    page = client_for(rita).post(url("close", ballot), {"confirm": "yes"})
    assert page.status_code == 409
    assert "The ballot for Treasurer closes at" in page.content.decode()
    assert 'id="close-refusal"' in page.content.decode()
