"""A section's OMOV ballot: the candidates who reached the ballot, the section's window and method,
sealed as a ballot set at the close and counted and declared by the results services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from ballots.nominations import services as nominations
from ballots.results import services as results
from ballots.results.models import BallotSet, Count
from ballots.voting import services
from ballots.voting.models import OnlineBallot
from elections.refusals import Conflict, Unprocessable
from tests import factories


@pytest.fixture
def omov(election, hackney, leeds, sam, sunita, rita, now):
    """Two seats, at least one woman; Ann, Cara (women), Dan and Eli reached the ballot, Fred did not.

    Its ballot closed yesterday (votes are cast and the ballot closed at the window's own times), so
    the count, run now, is after the close and can be declared."""
    days = dt.timedelta(days=1)
    section = factories.SectionFactory(
        election=election, slug="treasurer", name="Treasurer", seats=2, min_women=1,
        nomination_opens=now - 60 * days, nomination_closes=now - 40 * days,
        ballot_opens=now - 30 * days, ballot_closes=now - days,
    )  # fmt: skip
    nominated = now - 50 * days
    people = {}
    for name, gender in [
        ("Ann Adams", "woman"),
        ("Cara Cole", "woman"),
        ("Dan Dyer", "man"),
        ("Eli Evans", "man"),
        ("Fred Ford", "man"),
    ]:
        people[name.split()[0].lower()] = factories.CandidateFactory(
            section=section, display_name=name, slug=name.split()[0].lower(), gender=gender, home_clp=hackney
        )
    nominations.nomination_rules_update(section=section, user=rita, threshold_value=1)
    for officer, clp, names in [(sam, hackney, ["ann", "dan"]), (sunita, leeds, ["cara", "eli"])]:
        proposal = nominations.proposal_from_ids(
            section=section, candidate_ids=[people[n].pk for n in names], meeting_date=nominated.date(), method="fptp"
        )
        nominations.nomination_set_submit(section=section, clp=clp, user=officer, proposal=proposal, now=nominated)
    return section, people


def test_only_the_returning_officers_open_it(omov, alice, sam, otto, now):
    section, _people = omov
    for user in (alice, sam, otto):
        with pytest.raises(PermissionDenied) as refused:
            services.online_ballot_open_section(section=section, user=user, candidate_order="rotated", now=now)
        assert (
            str(refused.value) == "Only the returning officers of NEC 2026 and staff can run the ballot for Treasurer."
        )


def test_the_whole_section_ballot(omov, rita, alice, sam, sunita, chris, hal, ivy):
    section, p = omov
    ballot = services.online_ballot_open_section(
        section=section, user=rita, candidate_order="rotated", now=section.nomination_closes
    )
    assert ballot.window() == (section.ballot_opens, section.ballot_closes)
    assert set(ballot.candidate_ids) == {p["ann"].pk, p["cara"].pk, p["dan"].pk, p["eli"].pk}  # not Fred
    assert (ballot.method, ballot.places, ballot.min_women) == ("ers97", 2, 1)
    during = section.ballot_opens + dt.timedelta(hours=1)
    marks = {
        alice: ["dan", "eli"],
        sam: ["dan", "ann"],
        sunita: ["eli", "dan"],
        chris: ["cara"],
        hal: ["dan"],
        ivy: ["eli", "cara"],
    }
    for user, names in marks.items():
        services.ballot_paper_cast(ballot=ballot, voter=ballot.voters.get(member=user.member),
                                   preferences=[p[n].pk for n in names], now=during)  # fmt: skip

    with pytest.raises(Conflict) as early:
        services.online_ballot_close(ballot=ballot, user=rita, now=section.ballot_closes - dt.timedelta(seconds=1))
    assert early.value.message.startswith("The ballot for Treasurer closes at ")
    with pytest.raises(Conflict, match="Votes are counted only after the ballot closes"):
        services.online_ballot_count_section(ballot=ballot, user=rita)
    assert not BallotSet.objects.exists() and not Count.objects.exists()

    closed = services.online_ballot_close(ballot=ballot, user=rita, now=section.ballot_closes)
    count = services.online_ballot_count_section(ballot=closed, user=rita)
    count.refresh_from_db()
    ballot_set = count.ballot_set
    assert ballot_set.sha256 == closed.sealed_sha256 == count.input_sha256
    assert (ballot_set.ballots_total, ballot_set.electorate) == (6, closed.electorate_size)
    assert (count.method, count.seats, count.min_women, count.status) == ("ers97", 2, 1, "done")
    # By hand: first preferences Dan 3, Eli 2, Cara 1 (6 valid; quota 6/3 = 2.00). Dan and Eli reach
    # it, but two men would break the minimum of one woman: the gender minimum gives Cara the place.
    assert count.elected[0] == "Dan Dyer" and "Cara Cole" in count.elected
    results.count_declare(user=rita, count=count, confirm=count.result_sha256)
    assert Count.objects.get(pk=count.pk).is_declared
    assert services.online_ballot_count_section(ballot=OnlineBallot.objects.get(pk=ballot.pk), user=rita) == count


def test_a_section_ballot_opens_once(omov, rita):
    section, _p = omov
    now = section.nomination_closes
    services.online_ballot_open_section(section=section, user=rita, candidate_order="alphabetical", now=now)
    with pytest.raises(Unprocessable) as refused:
        services.online_ballot_open_section(section=section, user=rita, candidate_order="alphabetical", now=now)
    assert refused.value.errors["__all__"] == ["The ballot for Treasurer has already been opened."]


def test_too_few_candidates_reached_the_ballot(election, rita, hackney, now):
    section = factories.SectionFactory(election=election, slug="lonely", name="Lonely", seats=1, min_women=0)
    factories.CandidateFactory(section=section, display_name="Only One", home_clp=hackney)
    with pytest.raises(Unprocessable) as refused:
        services.online_ballot_open_section(section=section, user=rita, candidate_order="alphabetical", now=now)
    assert refused.value.errors["candidate_ids"] == [
        "A ballot for 1 place needs at least 2 candidates; there are none."
    ]
